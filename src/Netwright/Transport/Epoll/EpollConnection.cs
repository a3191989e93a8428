using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
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
internal sealed partial class EpollConnection : Connection, IEpollHandler
{
    private readonly EpollReactor _reactor;
    private readonly EpollSocketHandle _handle;
    private readonly SocketTransportOptions _options;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly IDuplexPipe _application;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _receiveDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private GCHandle _token;
    private uint _interest;
    private bool _fdClosed;
    private Task _sendTask = Task.CompletedTask;
    private volatile Exception? _abortReason;
    private int _aborted;
    private int _disposed;
    private int _closeRequested;
    private long _bytesReceived;
    private long _bytesSent;

    public EpollConnection(EpollReactor reactor, EpollSocketHandle handle, TransportKind kind, AddressFamily family, SocketTransportOptions options)
    {
        _reactor = reactor;
        _handle = handle;
        _options = options;
        Kind = kind;
        Id = ConnectionIds.Next();
        LocalEndPoint = handle.ReadEndPoint(peer: false, family);
        RemoteEndPoint = handle.ReadEndPoint(peer: true, family);
        _receiveSizeHint = options.MinimumReceiveBufferSize;
        _onFlushed = OnFlushed;

        _input = new Pipe(options.InputPipeOptions);
        _output = new Pipe(options.OutputPipeOptions);
        _application = new DuplexPipe(_input.Reader, _output.Writer);
    }

    public override string Id { get; }

    public override TransportKind Kind { get; }

    public override IDuplexPipe Transport => _application;

    public override EndPoint? LocalEndPoint { get; }

    public override EndPoint? RemoteEndPoint { get; }

    public override CancellationToken ConnectionClosed => _closed.Token;

    public override long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public override long BytesSent => Interlocked.Read(ref _bytesSent);

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

    public override void Abort(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _abortReason = reason ?? new Errors.ConnectionAbortedException($"connection {Id} was aborted");
        // Wakes a pending FlushAsync on the application side and lets the send loop exit.
        _output.Reader.CancelPendingRead();
        ShutdownBoth();
        FireClosed();
        RequestClose();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A graceful end: what the application wrote is still sent, then the send loop shuts down our side.
        _output.Writer.Complete();
        _input.Reader.Complete();
        try
        {
            await _sendTask.ConfigureAwait(false);
            await WaitForPeerToCloseAsync().ConfigureAwait(false);
        }
        finally
        {
            RequestClose();
            await _released.Task.ConfigureAwait(false);
            FireClosed();
            _closed.Dispose();
        }
    }

    private async Task WaitForPeerToCloseAsync()
    {
        if (_abortReason is not null || _receiveDone.Task.IsCompleted)
        {
            return;
        }

        try
        {
            await _receiveDone.Task.WaitAsync(_options.LingerTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The peer keeps its side open; closing now is all we can do.
        }
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

    private static void Touch(long count, ref long counter) => Interlocked.Add(ref counter, count);

    private void FireClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed after the final close: the token has already fired.
        }
        catch (AggregateException)
        {
            // A callback registered by application code threw; the connection is closed regardless.
        }
    }
}
