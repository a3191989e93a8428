namespace Netwright.Transport;

/// <summary>
/// Socket and buffer settings for stream connections, after Kestrel's <c>SocketTransportOptions</c>.
/// The read and write limits are what keep a slow peer from growing memory: past them the pipe
/// stops the socket loop instead of buffering more.
/// </summary>
public sealed class SocketTransportOptions
{
    /// <summary>Gets or sets whether Nagle's algorithm is off (TCP_NODELAY). Default: true, since request/reply protocols want each write sent now.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>
    /// Gets or sets the listen backlog: how many connections the kernel completes and queues before they are
    /// accepted. Connects beyond it are dropped and retried by the client a second later, so a burst of clients
    /// meeting a short pause (a GC, a busy core) costs each of them that second. Default:
    /// <see cref="SystemMaximumBacklog"/>, as a C server's <c>listen(fd, SOMAXCONN)</c>.
    /// </summary>
    public int Backlog { get; set; } = SystemMaximumBacklog;

    /// <summary>Asks for the system's largest backlog (on Linux <c>net.core.somaxconn</c>, 4096 on current kernels); the kernel caps any larger value to it (listen(2)).</summary>
    public const int SystemMaximumBacklog = int.MaxValue;

    /// <summary>
    /// Gets or sets how many received bytes may wait unprocessed before the receive loop pauses (and TCP flow control
    /// holds the peer back). Keep it above the longest message the application accepts. Default: 64 KiB, which with
    /// <see cref="MaxWriteBufferSize"/> bounds what a client that sends but never reads can pin to about 128 KiB.
    /// </summary>
    public long MaxReadBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Gets or sets how many bytes may wait unsent before writers are held back (a reader slower than the replies).
    /// Default: 64 KiB, as Kestrel's response buffer: enough to keep a fast reader's socket busy, little to lose to a
    /// slow one.
    /// </summary>
    public long MaxWriteBufferSize { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the smallest buffer the receive loop asks the pool for. Default: 4 KiB.</summary>
    public int MinimumReceiveBufferSize { get; set; } = 4096;

    /// <summary>
    /// Gets or sets whether the receive loop waits for data before renting a receive buffer (a zero-byte
    /// receive first). True keeps idle connections free of buffer memory; false saves a system call per read.
    /// Default: true.
    /// </summary>
    public bool WaitForDataBeforeAllocatingBuffer { get; set; } = true;

    /// <summary>
    /// Gets or sets whether other sockets may bind the same TCP or UDP port on purpose (SO_REUSEPORT: the kernel
    /// then splits new connections or datagrams between them, for example several processes of one service).
    /// Every socket on the port must ask for it. Off, a port another socket holds fails the bind with
    /// <see cref="Errors.AddressInUseException"/>. Not on Windows. Applies to servers' listeners and datagram
    /// endpoints. Default: false.
    /// </summary>
    public bool ReusePort { get; set; }

    /// <summary>
    /// Gets or sets the receive buffer (SO_RCVBUF) a server asks for on each datagram endpoint, in bytes; 0 keeps the
    /// system's default (<c>net.core.rmem_default</c> on Linux, 208 KiB). A larger buffer carries bursts over the
    /// moments the endpoint's thread waits for a processor (DNS servers such as Unbound raise it for busy resolvers),
    /// but under a sustained flood it only lengthens the queue every datagram waits in: with 4 MiB a well-behaved
    /// client's datagram waited behind thousands of a flood's for longer than its own retry interval, so the default
    /// is the system's. The kernel caps the value at <c>net.core.rmem_max</c> (socket(7), SO_RCVBUF). Default: 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int DatagramReceiveBufferSize
    {
        get => _datagramReceiveBufferSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _datagramReceiveBufferSize = value;
        }
    }

    /// <summary>Gets or sets whether SO_KEEPALIVE is set on TCP connections. Default: false.</summary>
    public bool KeepAlive { get; set; }

    /// <summary>
    /// Gets or sets how long closing a connection waits for the peer to close its side after ours, reading
    /// and discarding what it still sends, so that the last bytes we sent are not destroyed by a reset.
    /// Default: 2 seconds.
    /// </summary>
    public TimeSpan LingerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets the engine a server's endpoints run on. <see cref="TransportEngine.Epoll"/> serves small
    /// request/reply messages with fewer system calls but runs each connection's reads and each datagram
    /// endpoint's receive loop (and the application code they resume) on one of <see cref="Reactors"/> reactor
    /// threads, and exists only on Linux: elsewhere binding a listener or a datagram endpoint fails with <see cref="PlatformNotSupportedException"/>.
    /// On datagram endpoints it takes up to 64 queued datagrams per <c>recvmmsg</c> and answers each with a direct
    /// non-blocking <c>sendto</c>; a reply the kernel cannot take at once falls back to the .NET send, which waits.
    /// Applies to servers' listeners and datagram endpoints; client connections and channels always use
    /// <see cref="TransportEngine.Sockets"/>. The epoll engine always rents a receive buffer only once data is
    /// waiting, so <see cref="WaitForDataBeforeAllocatingBuffer"/> does not apply to it.
    /// Default: <see cref="TransportEngine.Sockets"/>.
    /// </summary>
    public TransportEngine Engine { get; set; } = TransportEngine.Sockets;

    /// <summary>
    /// Gets or sets how many reactor threads a server (or a listener bound on its own) runs with the epoll engine;
    /// connections and datagram endpoints are spread across them in turn. Ignored by the sockets engine and when
    /// <see cref="ReactorGroup"/> is set. Default: <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 or more than <see cref="Transport.ReactorGroup.MaxReactors"/>.</exception>
    public int Reactors
    {
        get => _reactors;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Transport.ReactorGroup.MaxReactors);
            _reactors = value;
        }
    }

    /// <summary>
    /// Gets or sets a reactor group to share between servers and listeners (epoll engine). Null (the default) gives
    /// each server its own group of <see cref="Reactors"/> threads, started and stopped with it. A group set here
    /// belongs to the caller, who disposes it after everything using it has stopped.
    /// </summary>
    public ReactorGroup? ReactorGroup { get; set; }

    /// <summary>Gets the receive pipe's options, made once per limit value and shared by every connection.</summary>
    internal System.IO.Pipelines.PipeOptions InputPipeOptions => _inputPipeOptions is { } cached && cached.PauseWriterThreshold == MaxReadBufferSize
        ? cached
        : _inputPipeOptions = CreatePipeOptions(MaxReadBufferSize);

    /// <summary>Gets the send pipe's options, made once per limit value and shared by every connection.</summary>
    internal System.IO.Pipelines.PipeOptions OutputPipeOptions => _outputPipeOptions is { } cached && cached.PauseWriterThreshold == MaxWriteBufferSize
        ? cached
        : _outputPipeOptions = CreatePipeOptions(MaxWriteBufferSize);

    private int _reactors = Math.Min(Environment.ProcessorCount, Transport.ReactorGroup.MaxReactors);
    private int _datagramReceiveBufferSize;
    private System.IO.Pipelines.PipeOptions? _inputPipeOptions;
    private System.IO.Pipelines.PipeOptions? _outputPipeOptions;

    // Inline schedulers: a reply written while handling a read reaches the socket without a thread hop.
    private static System.IO.Pipelines.PipeOptions CreatePipeOptions(long limit) => new(
        Internal.PinnedBlockMemoryPool.Connections,
        readerScheduler: System.IO.Pipelines.PipeScheduler.Inline,
        writerScheduler: System.IO.Pipelines.PipeScheduler.Inline,
        pauseWriterThreshold: limit,
        resumeWriterThreshold: limit / 2,
        useSynchronizationContext: false);

    /// <summary>The defaults, shared; treat as read-only.</summary>
    internal static SocketTransportOptions Default { get; } = new();
}
