using System.IO.Pipelines;

namespace Netwright.Transport.Internal;

/// <summary>
/// What every engine's connection shares: the two pipes, the id and counters, the closed token, and the
/// abort and graceful-dispose sequences. An engine supplies its loops and how it closes the socket.
/// </summary>
internal abstract class PipeConnection : Connection
{
    private protected readonly Pipe _input;
    private protected readonly Pipe _output;
    private protected readonly SocketTransportOptions _options;
    private protected volatile Exception? _abortReason;
    private protected int _disposed;
    private protected long _bytesReceived;
    private protected long _bytesSent;
    private readonly CancellationTokenSource _closed = new();

    // Taken once: CancellationTokenSource.Token throws after Dispose, and ConnectionClosed is read after the
    // connection is gone (a monitor or a test checking that it closed).
    private readonly CancellationToken _closedToken;
    private readonly IDuplexPipe _application;
    private int _aborted;

    /// <summary>The largest receive buffer a bulk sender grows a connection's reads to.</summary>
    private const int MaxReceiveBufferSize = 64 * 1024;

    private protected PipeConnection(TransportKind kind, SocketTransportOptions options)
    {
        Kind = kind;
        Id = ConnectionIds.Next();
        _options = options;

        // Shared options: a connection should cost as little memory as it can (19,000 idle ones in the hold benchmark).
        _input = new Pipe(options.InputPipeOptions);
        _output = new Pipe(options.OutputPipeOptions);
        _application = new DuplexPipe(_input.Reader, _output.Writer);
        _closedToken = _closed.Token;
    }

    public override string Id { get; }

    public override TransportKind Kind { get; }

    public override IDuplexPipe Transport => _application;

    public override CancellationToken ConnectionClosed => _closedToken;

    public override long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public override long BytesSent => AtomicCounter.Read(ref _bytesSent);

    /// <summary>Gets the send loop, awaited by a graceful dispose.</summary>
    private protected abstract Task SendCompletion { get; }

    /// <summary>Gets a task that completes when the receive side has ended (the peer's FIN, an error or a close).</summary>
    private protected abstract Task ReceiveCompletion { get; }

    public override void Abort(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _abortReason = reason ?? new Errors.ConnectionAbortedException($"connection {Id} was aborted");
        // Wakes a pending FlushAsync on the application side and lets the send loop exit.
        _output.Reader.CancelPendingRead();
        CloseForAbort();
        FireClosed();
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
            await SendCompletion.ConfigureAwait(false);
            await WaitForPeerToCloseAsync().ConfigureAwait(false);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
            FireClosed();
            _closed.Dispose();
        }
    }

    /// <summary>Closes the socket at once for <see cref="Abort"/>; must not throw.</summary>
    private protected abstract void CloseForAbort();

    /// <summary>Closes the socket at the end of a dispose and waits until the engine has let go of it.</summary>
    private protected abstract Task CloseAsync();

    /// <summary>
    /// Grows the receive buffer while reads fill it (a bulk sender: fewer, larger system calls) and shrinks it
    /// back when they do not (request/reply traffic: small buffers, little memory per connection).
    /// </summary>
    private protected int NextSizeHint(int current, int received, int offered)
    {
        if (received == offered && current < MaxReceiveBufferSize)
        {
            return current * 2;
        }

        if (received < current / 4 && current > _options.MinimumReceiveBufferSize)
        {
            return Math.Max(current / 2, _options.MinimumReceiveBufferSize);
        }

        return current;
    }

    private protected static void Touch(long count, ref long counter) => Interlocked.Add(ref counter, count);

    private protected void FireClosed()
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

    private async Task WaitForPeerToCloseAsync()
    {
        if (_abortReason is not null || ReceiveCompletion.IsCompleted)
        {
            return;
        }

        try
        {
            await ReceiveCompletion.WaitAsync(_options.LingerTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The peer keeps its side open; closing now is all we can do.
        }
    }
}
