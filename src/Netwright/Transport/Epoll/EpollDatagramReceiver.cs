using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using Netwright.Errors;
using Netwright.Interop;

namespace Netwright.Transport.Epoll;

/// <summary>
/// Receives up to <see cref="BatchSize"/> datagrams per <c>recvmmsg</c> call on a bound datagram socket and waits
/// for readiness on its <see cref="EpollReactor"/>. The slots (payload, sender address, message header)
/// are allocated once, so steady-state receiving allocates nothing.
/// </summary>
/// <remarks>
/// <para>Readiness is a level-triggered registration made once: while the owner waits, a report resumes it
/// inline on the reactor thread (no thread hop, no <c>epoll_ctl</c> per wait). A report that comes while the
/// owner is busy elsewhere (a handler that went asynchronous) removes the registration until the next wait, so
/// the reactor never spins on a socket nobody is reading.</para>
/// <para><see cref="ReceiveAsync"/>, <see cref="Receive"/>, the slot accessors and <see cref="Dispose"/> belong to one
/// owner loop; <see cref="Close"/> and the reactor's reports may come from any thread.</para>
/// </remarks>
internal sealed unsafe partial class EpollDatagramReceiver : IDatagramReceiver, IEpollHandler, IValueTaskSource<bool>
{
    /// <summary>The most datagrams one receive takes (the C reference server takes 64 too).</summary>
    public const int BatchSize = 64;

    /// <summary>One slot's payload room: the largest UDP payload plus one byte, so truncation shows as a longer datagram.</summary>
    public const int SlotSize = DatagramChannel.MaxDatagramSize + 1;

    private const int AddressSize = 128; // sizeof(struct sockaddr_storage); holds any inet or Unix address

    private readonly DatagramChannel _channel;
    private readonly Socket _socket;
    private readonly string _endpoint;
    private readonly int _fd;
    private readonly EpollReactor _reactor;
    private readonly GCHandle _token;
    private readonly Lock _gate = new();
    private readonly byte[] _payloads;
    private readonly byte[] _addresses;
    private readonly LibC.MultiMessageHeader* _messages;
    private readonly LibC.IoVector* _vectors;
    private ManualResetValueTaskSourceCore<bool> _ready;
    private bool _waiting;
    private bool _registered;
    private bool _closed;
    private bool _disposed;
    private volatile bool _errorReported;
    private int _lastCount;

    public EpollDatagramReceiver(DatagramChannel channel, EpollReactor reactor)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll transport engine runs only on Linux; use TransportEngine.Sockets");
        }

        _channel = channel;
        _socket = channel.Socket;
        _endpoint = channel.LocalEndPoint.ToString();
        _fd = (int)_socket.SafeHandle.DangerousGetHandle();
        _reactor = reactor;
        _token = EpollReactor.CreateToken(this);
        // Pinned and uninitialised: the kernel only touches the pages a datagram lands in, so small datagrams
        // keep most of the 4 MiB uncommitted.
        _payloads = GC.AllocateUninitializedArray<byte>(BatchSize * SlotSize, pinned: true);
        _addresses = GC.AllocateArray<byte>(BatchSize * AddressSize, pinned: true);
        _messages = (LibC.MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(BatchSize * sizeof(LibC.MultiMessageHeader)));
        _vectors = (LibC.IoVector*)NativeMemory.AllocZeroed((nuint)(BatchSize * sizeof(LibC.IoVector)));
        var payloads = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_payloads, 0);
        var addresses = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_addresses, 0);
        for (var i = 0; i < BatchSize; i++)
        {
            _vectors[i].Base = payloads + ((long)i * SlotSize);
            _vectors[i].Length = SlotSize;
            _messages[i].Header.Name = addresses + (i * AddressSize);
            _messages[i].Header.Vectors = _vectors + i;
            _messages[i].Header.VectorCount = 1;
        }
    }

    /// <summary>Receives what is queued without waiting: the number of datagrams (at least 1), or 0 with the error number (EAGAIN when nothing is queued).</summary>
    public int Receive(out int errno)
    {
        for (var i = 0; i < BatchSize; i++)
        {
            _messages[i].Header.NameLength = AddressSize;
        }

        var added = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref added);
            while (true)
            {
                var count = LibC.RecvMmsg(_fd, _messages, BatchSize, LibC.MSG_DONTWAIT, null);
                if (count > 0)
                {
                    errno = 0;
                    return count;
                }

                errno = count == 0 ? LibC.EAGAIN : Marshal.GetLastPInvokeError();
                if (errno == LibC.EAGAIN && _errorReported)
                {
                    DiscardErrorQueue();
                }

                if (errno != LibC.EINTR)
                {
                    return 0;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The channel was closed under us (the server is stopping): report it as a closed descriptor.
            errno = LibC.EBADF;
            return 0;
        }
        finally
        {
            if (added)
            {
                _socket.SafeHandle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Turns a receive error into the exception the sockets engine would give, through the one errno map: ECONNREFUSED
    /// (an earlier reply's ICMP "port unreachable") becomes <see cref="ConnectionRefusedException"/>, a closed
    /// descriptor <see cref="ConnectionAbortedException"/>; the <see cref="SocketException"/> is the inner exception.
    /// </summary>
    public static Exception CreateError(int errno, string endPoint) =>
        SocketErrors.Translate(Errno.ToSocketException(errno), "receive on", endPoint);

    /// <summary>Gets the payload of datagram <paramref name="index"/> of the last receive (valid until the next).</summary>
    public ReadOnlyMemory<byte> Payload(int index) => _payloads.AsMemory(index * SlotSize, (int)_messages[index].Length);

    /// <summary>Copies the sender of datagram <paramref name="index"/> into <paramref name="target"/>, setting its size.</summary>
    public void CopySender(int index, SocketAddress target)
    {
        var length = Math.Min(_messages[index].Header.NameLength, Math.Min(AddressSize, target.Buffer.Length));
        _addresses.AsSpan(index * AddressSize, length).CopyTo(target.Buffer.Span);
        target.Size = length;
    }

    /// <summary>Waits until the socket is readable; false once <see cref="Close"/> was called. One wait at a time.</summary>
    /// <exception cref="NetwrightException">The descriptor cannot be registered with epoll.</exception>
    public ValueTask<bool> WaitReadableAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return new ValueTask<bool>(false);
            }

            if (!_registered)
            {
                var error = _reactor.Control(LibC.EPOLL_CTL_ADD, _fd, LibC.EPOLLIN, _token);
                if (error != 0)
                {
                    throw SocketErrors.Translate(Errno.ToSocketException(error), "epoll_ctl on", $"the datagram socket {_endpoint}");
                }

                _registered = true;
            }

            _ready.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _ready.Version);
        }
    }

    /// <summary>Ends waiting for good: a pending or later wait returns false. Thread-safe and idempotent.</summary>
    public void Close()
    {
        bool resume;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (_registered)
            {
                _reactor.Control(LibC.EPOLL_CTL_DEL, _fd, 0, _token);
            }

            resume = _waiting;
            _waiting = false;
        }

        var token = _token;
        _reactor.Post(() => _reactor.FreeLater(token));
        if (resume)
        {
            _ready.SetResult(false);
        }
    }

    /// <summary>Frees the slots; call from the owner loop after <see cref="Close"/>, once it no longer receives.</summary>
    public void Dispose()
    {
        Close();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_messages);
        NativeMemory.Free(_vectors);
    }

    void IEpollHandler.OnEvents(uint events)
    {
        if ((events & LibC.EPOLLERR) != 0)
        {
            _errorReported = true;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (!_waiting)
            {
                // Removed rather than modified to no events: epoll reports EPOLLERR and EPOLLHUP whatever the mask.
                _reactor.Control(LibC.EPOLL_CTL_DEL, _fd, 0, _token);
                _registered = false;
                return;
            }

            _waiting = false;
        }

        // Runs the owner's continuation inline: the batch is received and handled on the reactor thread.
        _ready.SetResult(true);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _ready.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _ready.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _ready.OnCompleted(continuation, state, token, flags);

    /// <summary>
    /// Empties the socket's error queue. With IP_RECVERR set, ICMP errors are queued there besides being reported
    /// once by the next receive, and a non-empty queue keeps level-triggered epoll reporting EPOLLERR.
    /// </summary>
    private void DiscardErrorQueue()
    {
        _errorReported = false;
        while (LibC.RecvMmsg(_fd, _messages, BatchSize, LibC.MSG_ERRQUEUE | LibC.MSG_DONTWAIT, null) > 0)
        {
        }

        for (var i = 0; i < BatchSize; i++)
        {
            _messages[i].Header.NameLength = AddressSize;
        }
    }
}
