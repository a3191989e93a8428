using System.Diagnostics;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// One connection (or UDP socket) of a timed run. A worker owns its socket and its counters: only its own
/// loop writes them, the monitor reads them racily for the live line, and the run reads them once the
/// loop has finished.
/// </summary>
internal abstract class BenchWorker
{
    private long _operationStartedAt;
    private long _progress;
    private volatile bool _timedOut;
    private volatile bool _abortedAtEnd;
    private Socket? _socket;

    protected BenchWorker(int id, Socket? socket, RunControl run, BenchErrors errors, Stream? tls = null)
    {
        Id = id;
        _socket = socket;
        Tls = tls;
        Run = run;
        Errors = errors;
    }

    /// <summary>Gets the connection number, shown in error messages.</summary>
    public int Id { get; }

    /// <summary>Gets the latencies recorded while measuring, in nanoseconds.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Gets the exchanges (round trips, echoed chunks or datagrams) completed while measuring.</summary>
    public long MeasuredExchanges { get; protected set; }

    /// <summary>Gets the echoed bytes received while measuring.</summary>
    public long MeasuredBytes { get; protected set; }

    /// <summary>Gets whether the worker ended with an error.</summary>
    public bool Failed { get; private set; }

    /// <summary>Gets a counter that grows with every completed exchange or received byte, warm-up included.</summary>
    public long Progress => Volatile.Read(ref _progress);

    /// <summary>Gets the timestamp at which the pending exchange started, or 0 when none is pending.</summary>
    public long OperationStartedAt => Volatile.Read(ref _operationStartedAt);

    /// <summary>Gets the connection's socket (for a TLS target, the one under <see cref="Tls"/>).</summary>
    protected Socket Socket => _socket!;

    /// <summary>Gets the TLS stream over the socket for a <c>tls://</c> target, or null: then the socket is used directly.</summary>
    protected Stream? Tls { get; private set; }

    protected RunControl Run { get; }

    protected BenchErrors Errors { get; }

    /// <summary>Runs the worker until the run stops or the connection fails; never throws for network errors.</summary>
    public async Task RunAsync()
    {
        try
        {
            await RunCoreAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (BenchErrors.IsNetworkFailure(ex))
        {
            // Closed by the run after the drain period (or right after Ctrl+C): anything still pending was
            // started too recently to have timed out, so it is not a failure of the server.
            if (!_abortedAtEnd)
            {
                Fail(BenchErrors.Classify(ex, _timedOut), Describe(ex));
            }
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Returns true when the pending exchange has waited longer than <paramref name="timeoutTicks"/>.</summary>
    public virtual bool IsOverdue(long now, long timeoutTicks)
    {
        var started = OperationStartedAt;
        return started != 0 && now - started > timeoutTicks;
    }

    /// <summary>Closes the socket so the pending operation ends; <paramref name="timedOut"/> counts it as a timeout.</summary>
    public virtual void Abort(bool timedOut)
    {
        if (timedOut)
        {
            _timedOut = true;
        }
        else
        {
            _abortedAtEnd = true;
        }

        Close();
    }

    protected abstract Task RunCoreAsync();

    /// <summary>Makes <paramref name="socket"/> (and <paramref name="tls"/>) the connection that <see cref="Abort"/> closes, for workers that open connections themselves.</summary>
    protected void Attach(Socket? socket, Stream? tls)
    {
        _socket = socket;
        Tls = tls;
    }

    /// <summary>Closes the connection: the TLS stream (which owns its socket) or the socket.</summary>
    protected void Close()
    {
        Tls?.Dispose();
        _socket?.Dispose();
    }

    /// <summary>Receives into <paramref name="buffer"/> from the TLS stream or the socket; 0 at the end of the stream.</summary>
    protected ValueTask<int> ReceiveAsync(Memory<byte> buffer) =>
        Tls is { } tls ? tls.ReadAsync(buffer) : Socket.ReceiveAsync(buffer, SocketFlags.None);

    protected void BeginOperation(long timestamp) => Volatile.Write(ref _operationStartedAt, timestamp);

    protected void EndOperation() => Volatile.Write(ref _operationStartedAt, 0);

    protected void AddProgress(long amount) => Volatile.Write(ref _progress, _progress + amount);

    /// <summary>Counts the connection as failed with one error of <paramref name="kind"/>.</summary>
    protected void Fail(BenchErrorKind kind, string message)
    {
        if (Failed)
        {
            return;
        }

        Failed = true;
        Errors.Count(kind, FormattableString.Invariant($"connection {Id}: {message}"));
    }

    /// <summary>Checks <paramref name="actual"/> against <paramref name="expected"/>; on a difference counts a mismatch and returns false.</summary>
    protected bool Verify(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, long streamOffset)
    {
        var index = PayloadPattern.FindMismatch(expected, actual);
        if (index < 0)
        {
            return true;
        }

        Failed = true;
        Errors.CountMismatch(Id, streamOffset + index, expected[index], actual[index]);
        return false;
    }

    /// <summary>
    /// Checks the reply bytes <paramref name="from"/> to the end of <paramref name="received"/> against
    /// <paramref name="exchange"/>; on a wrong byte counts a mismatch and returns false.
    /// </summary>
    protected bool VerifyReply(PingPongExchange exchange, ReadOnlySpan<byte> received, int from)
    {
        var index = exchange.FindMismatch(received, from);
        if (index < 0)
        {
            return true;
        }

        Failed = true;
        exchange.CountMismatch(Errors, Id, received, index);
        return false;
    }

    /// <summary>
    /// Checks a datagram of <paramref name="count"/> bytes received while waiting for the reply to
    /// <paramref name="sequence"/>; a wrong one counts a mismatch and fails the worker.
    /// </summary>
    protected UdpExchange.ReplyKind CheckDatagram(UdpExchange exchange, int count, long sequence)
    {
        var kind = exchange.Check(count, sequence, Errors, Id);
        if (kind == UdpExchange.ReplyKind.Mismatch)
        {
            Failed = true;
        }

        return kind;
    }

    protected static long Now() => Stopwatch.GetTimestamp();

    private string Describe(Exception exception) => exception switch
    {
        _ when _timedOut => "no echo within the timeout",
        SocketException socketException => socketException.SocketErrorCode.ToString(),
        _ => exception.Message,
    };
}
