using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netwright.Interop;
using Netwright.Transport.Internal;

namespace Netwright.Transport.Epoll;

/// <summary>
/// A <see cref="Connection"/> driven by the <see cref="EpollReactor"/>: on readiness the reactor thread
/// receives into the input pipe and flushes it, and because both pipes run inline the application's reply
/// and the send that carries it happen in the same turn, one <c>recv</c> and one <c>send</c> per round trip.
/// </summary>
/// <remarks>
/// Thread rules: receiving, the input pipe's writer and closing the descriptor belong to the reactor thread;
/// the send loop runs on whichever thread flushed the output (usually the reactor) and uses the descriptor
/// under the handle's reference count; the interest mask changes under <see cref="_gate"/>.
/// </remarks>
internal sealed partial class EpollConnection : PipeConnection, IEpollHandler
{
    private readonly EpollReactor _reactor;
    private readonly EpollSocketHandle _handle;
    private readonly TaskCompletionSource _receiveDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private GCHandle _token;
    private uint _interest;
    private bool _fdClosed;
    private Task _sendTask = Task.CompletedTask;
    private int _closeRequested;

    public EpollConnection(EpollReactor reactor, EpollSocketHandle handle, TransportKind kind, AddressFamily family, SocketTransportOptions options)
        : base(kind, options)
    {
        _reactor = reactor;
        _handle = handle;
        LocalEndPoint = handle.ReadEndPoint(peer: false, family);
        RemoteEndPoint = handle.ReadEndPoint(peer: true, family);
        _receiveSizeHint = options.MinimumReceiveBufferSize;
        _onFlushed = OnFlushed;
    }

    public override EndPoint? LocalEndPoint { get; }

    public override EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets the reactor serving this connection.</summary>
    public EpollReactor Reactor => _reactor;

    /// <summary>Gets a task that completes once the descriptor is closed and the reactor holds nothing of this connection.</summary>
    public Task Released => _released.Task;

    private protected override Task SendCompletion => _sendTask;

    private protected override Task ReceiveCompletion => _receiveDone.Task;

    /// <summary>Registers for input and starts the send loop; called once by whoever accepted the connection.</summary>
    public void Start()
    {
        _token = EpollReactor.CreateToken(this);
        SetInterest(LibC.EPOLLIN, 0);
        _sendTask = SendLoopAsync();
    }

    public void OnEvents(uint events)
    {
        try
        {
            if ((events & (LibC.EPOLLOUT | LibC.EPOLLERR | LibC.EPOLLHUP)) != 0 && (Volatile.Read(ref _interest) & LibC.EPOLLOUT) != 0)
            {
                OnWritable();
            }

            if ((events & (LibC.EPOLLIN | LibC.EPOLLERR | LibC.EPOLLHUP)) != 0 && (Volatile.Read(ref _interest) & LibC.EPOLLIN) != 0)
            {
                OnReadable();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug here must cost this connection, not the reactor that serves every other one.
            Abort(ex);
        }
    }

    private protected override void CloseForAbort()
    {
        ShutdownBoth();
        RequestClose();
    }

    private protected override async Task CloseAsync()
    {
        RequestClose();
        await _released.Task.ConfigureAwait(false);
    }

    /// <summary>Adds and removes interest bits, registering or unregistering the descriptor as the mask becomes (non-)empty.</summary>
    private void SetInterest(uint add, uint remove)
    {
        int errno;
        lock (_gate)
        {
            var mask = (_interest | add) & ~remove;
            if (_fdClosed || mask == _interest)
            {
                return;
            }

            var op = mask == 0 ? LibC.EPOLL_CTL_DEL : _interest == 0 ? LibC.EPOLL_CTL_ADD : LibC.EPOLL_CTL_MOD;
            errno = _reactor.Control(op, _handle.Fd, mask, _token);
            Volatile.Write(ref _interest, errno == 0 ? mask : _interest);
        }

        if (errno != 0)
        {
            // Without the registration nothing would ever wake this connection again: end it instead of hanging.
            Abort(new Errors.NetwrightException($"connection {Id}: epoll_ctl failed: {Marshal.GetPInvokeErrorMessage(errno)}"));
        }
    }

    /// <summary>Asks the reactor to close the descriptor (after the current batch); idempotent.</summary>
    private void RequestClose()
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 0)
        {
            _reactor.Post(CloseOnReactor);
        }
    }

    private void CloseOnReactor()
    {
        lock (_gate)
        {
            if (_interest != 0)
            {
                _reactor.Control(LibC.EPOLL_CTL_DEL, _handle.Fd, 0, _token);
                Volatile.Write(ref _interest, 0);
            }

            _fdClosed = true;
        }

        EndReceive(_abortReason, fireClosed: false);
        WakeWriter();
        ShutdownBoth();
        _handle.Dispose();
        _reactor.FreeLater(_token);
        _released.TrySetResult();
    }

    private void ShutdownBoth()
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            LibC.Shutdown(_handle.Fd, LibC.SHUT_RDWR);
        }
        catch (ObjectDisposedException)
        {
            // Already closed: nothing left to shut down.
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }
}
