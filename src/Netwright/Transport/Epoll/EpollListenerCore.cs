using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netwright.Errors;
using Netwright.Interop;
using Netwright.Transport.Internal;

namespace Netwright.Transport.Epoll;

/// <summary>
/// Accepts with <c>accept4</c> on a listening .NET <see cref="Socket"/>'s descriptor and serves each connection
/// with an <see cref="EpollConnection"/>. When nothing is queued it asks the reactor for one readiness report
/// (EPOLLONESHOT), so accepting is pulled by <see cref="AcceptAsync"/> and never runs ahead of the caller.
/// Each accepted connection goes to the group's next reactor in turn. A listener bound on its own owns its group
/// and disposes it once it is unbound and the last connection it accepted has closed.
/// </summary>
internal sealed class EpollListenerCore : IStreamListenerCore, IEpollHandler
{
    private readonly Socket _socket;
    private readonly TransportKind _kind;
    private readonly SocketTransportOptions _options;
    private readonly ReactorGroup _group;
    private readonly bool _ownsGroup;
    private readonly EpollReactor _reactor;
    private readonly GCHandle _token;
    private readonly Lock _gate = new();
    private readonly int _fd;
    private TaskCompletionSource? _ready;
    private bool _registered;
    private bool _unbound;
    private int _holders = 1; // the listener itself, plus one per open connection when the group is ours

    public EpollListenerCore(Socket socket, TransportKind kind, SocketTransportOptions options, ReactorGroup group, bool ownsGroup)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll transport engine runs only on Linux; use TransportEngine.Sockets");
        }

        _socket = socket;
        _kind = kind;
        _options = options;
        _socket.Blocking = false;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _group = group;
        _ownsGroup = ownsGroup;
        _reactor = group.Next();
        _token = EpollReactor.CreateToken(this);
    }

    public async ValueTask<Connection?> AcceptAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var fd = TryAccept(out var errno);
            if (fd >= 0)
            {
                var handle = new EpollSocketHandle(fd);
                if (handle.WasReset())
                {
                    // Reset while it waited in the backlog (a connect-then-reset flood): nothing can be read from it or
                    // sent to it, so it is closed here and costs no connection, no application start and no log line.
                    handle.Dispose();
                    continue;
                }

                return Wrap(handle);
            }

            switch (errno)
            {
                case -1:
                    return null;
                case LibC.EAGAIN:
                    if (!await WaitReadableAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    break;
                case LibC.EINTR or LibC.ECONNABORTED or LibC.ECONNRESET or LibC.EPROTO:
                    // The client gave up while queued in the backlog; that is its business, keep accepting.
                    break;
                default:
                    throw SocketErrors.Translate(Errno.ToSocketException(errno), "accept on", $"the {_kind} listener");
            }
        }
    }

    public void Unbind()
    {
        TaskCompletionSource? ready;
        lock (_gate)
        {
            if (_unbound)
            {
                return;
            }

            _unbound = true;
            if (_registered)
            {
                _reactor.Control(LibC.EPOLL_CTL_DEL, _fd, 0, _token);
            }

            ready = _ready;
            _ready = null;
        }

        ready?.TrySetResult();
        _socket.Dispose();
        var token = _token;
        _reactor.Post(() => _reactor.FreeLater(token));
        Release();
    }

    public void OnEvents(uint events)
    {
        TaskCompletionSource? ready;
        lock (_gate)
        {
            ready = _ready;
            _ready = null;
        }

        ready?.TrySetResult();
    }

    /// <summary>Accepts one queued connection: its descriptor, or -1 with the error number (-1 once unbound).</summary>
    private unsafe int TryAccept(out int errno)
    {
        var added = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref added);
            var fd = LibC.Accept4(_fd, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
            errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
            return fd;
        }
        catch (ObjectDisposedException)
        {
            errno = -1;
            return -1;
        }
        finally
        {
            if (added)
            {
                _socket.SafeHandle.DangerousRelease();
            }
        }
    }

    /// <summary>Waits for one readiness report; false once unbound.</summary>
    private async Task<bool> WaitReadableAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource ready;
        lock (_gate)
        {
            if (_unbound)
            {
                return false;
            }

            // Concurrent accepts share one wait; each then tries accept4 and the losers get EAGAIN (accept(2)) and wait again.
            ready = _ready ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var op = _registered ? LibC.EPOLL_CTL_MOD : LibC.EPOLL_CTL_ADD;
            var errno = _reactor.Control(op, _fd, LibC.EPOLLIN | LibC.EPOLLONESHOT, _token);
            if (errno != 0)
            {
                throw SocketErrors.Translate(Errno.ToSocketException(errno), "epoll_ctl on", $"the {_kind} listener");
            }

            _registered = true;
        }

        await ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return !_unbound;
        }
    }

    private EpollConnection Wrap(EpollSocketHandle handle)
    {
        if (_kind != TransportKind.Unix)
        {
            handle.TrySetOption(LibC.IPPROTO_TCP, LibC.TCP_NODELAY, _options.NoDelay ? 1 : 0);
            if (_options.KeepAlive)
            {
                handle.TrySetOption(LibC.SOL_SOCKET, LibC.SO_KEEPALIVE, 1);
            }
        }

        var connection = new EpollConnection(_group.Next(), handle, _kind, _socket.AddressFamily, _options);
        if (_ownsGroup)
        {
            Interlocked.Increment(ref _holders);
            connection.Released.ContinueWith(
                static (_, state) => ((EpollListenerCore)state!).Release(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        connection.Start();
        return connection;
    }

    /// <summary>Drops one hold on an owned group; the last one (unbound, no connection open) disposes it.</summary>
    private void Release()
    {
        if (_ownsGroup && Interlocked.Decrement(ref _holders) == 0)
        {
            _ = _group.DisposeAsync().AsTask();
        }
    }
}
