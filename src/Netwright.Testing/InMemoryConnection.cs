using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Netwright.Errors;
using Netwright.Transport;

namespace Netwright.Testing;

/// <summary>
/// A <see cref="Connection"/> over two crosswise in-memory <see cref="Pipe"/>s (Bedrock's
/// <c>DuplexPipe.CreateConnectionPair</c>): the application side is <see cref="Connection.Transport"/>, and
/// the test plays the peer with the <c>Peer…</c> methods. No sockets, no loops: bytes the peer writes are
/// what the application reads, and the other way round.
/// </summary>
/// <remarks>
/// Mirrors the socket connection's observable behaviour: <see cref="Abort"/> fails the application's reads
/// and writes with the reason and fires <see cref="ConnectionClosed"/>; <see cref="DisposeAsync"/> completes
/// the application's halves, so the peer sees the end of the stream after the bytes written so far.
/// <see cref="Connection.BytesReceived"/> counts bytes the peer wrote, <see cref="Connection.BytesSent"/>
/// bytes the peer has read. One peer read and one peer write at a time.
/// </remarks>
public sealed class InMemoryConnection : Connection
{
    private static int s_nextId;

    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly IDuplexPipe _application;
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _lock = new();
    private bool _peerWriting;
    private bool _peerReading;
    private bool _inputWriterDone;
    private bool _outputReaderDone;
    private Exception? _abortReason;
    private int _disposed;
    private long _bytesReceived;
    private long _bytesSent;

    /// <summary>Creates a connected in-memory pair of pipes.</summary>
    /// <param name="localEndPoint">The application's address; default 127.0.0.1:7000.</param>
    /// <param name="remoteEndPoint">The peer's address; default 127.0.0.1:50000.</param>
    /// <param name="pipeOptions">Options for both pipes; default: thread-pool schedulers, no synchronization context.</param>
    public InMemoryConnection(EndPoint? localEndPoint = null, EndPoint? remoteEndPoint = null, PipeOptions? pipeOptions = null)
    {
        pipeOptions ??= new PipeOptions(useSynchronizationContext: false);
        _input = new Pipe(pipeOptions);
        _output = new Pipe(pipeOptions);
        _application = new DuplexPipe(_input.Reader, _output.Writer);
        Id = "m" + Interlocked.Increment(ref s_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        LocalEndPoint = localEndPoint ?? new IPEndPoint(IPAddress.Loopback, 7000);
        RemoteEndPoint = remoteEndPoint ?? new IPEndPoint(IPAddress.Loopback, 50000);
    }

    /// <inheritdoc/>
    public override string Id { get; }

    /// <inheritdoc/>
    public override TransportKind Kind => TransportKind.Tcp;

    /// <inheritdoc/>
    public override IDuplexPipe Transport => _application;

    /// <inheritdoc/>
    public override EndPoint? LocalEndPoint { get; }

    /// <inheritdoc/>
    public override EndPoint? RemoteEndPoint { get; }

    /// <inheritdoc/>
    public override CancellationToken ConnectionClosed => _closed.Token;

    /// <inheritdoc/>
    public override long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <inheritdoc/>
    public override long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Gets whether <see cref="Abort"/> was called (by the application or through <see cref="PeerReset"/>).</summary>
    public bool IsAborted
    {
        get
        {
            lock (_lock)
            {
                return _abortReason is not null;
            }
        }
    }

    /// <summary>Gets the reason the connection was aborted, or null.</summary>
    public Exception? AbortReason
    {
        get
        {
            lock (_lock)
            {
                return _abortReason;
            }
        }
    }

    /// <summary>Gets whether <see cref="DisposeAsync"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc/>
    public override void Abort(Exception? reason = null)
    {
        lock (_lock)
        {
            if (_abortReason is not null)
            {
                return;
            }

            _abortReason = reason ?? new ConnectionAbortedException($"connection {Id} was aborted");
            if (_peerWriting)
            {
                _input.Writer.CancelPendingFlush();
            }
            else
            {
                CompleteInputWriter();
            }

            if (_peerReading)
            {
                _output.Reader.CancelPendingRead();
            }
            else
            {
                CompleteOutputReader();
            }
        }

        FireClosed();
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _output.Writer.Complete();
            _input.Reader.Complete();
            FireClosed();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends bytes from the peer to the application, waiting while the application's input is full.</summary>
    /// <returns>False when the application no longer reads (its input is completed) or the connection was aborted.</returns>
    public async Task<bool> PeerWriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_inputWriterDone && _abortReason is null)
            {
                throw new InvalidOperationException("The peer already ended its output.");
            }

            if (_abortReason is not null)
            {
                return false;
            }

            if (_peerWriting)
            {
                throw new InvalidOperationException("One peer write at a time.");
            }

            _peerWriting = true;
            _input.Writer.Write(data.Span);
            Interlocked.Add(ref _bytesReceived, data.Length);
        }

        try
        {
            var result = await _input.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return !result.IsCompleted && !result.IsCanceled;
        }
        finally
        {
            lock (_lock)
            {
                _peerWriting = false;
                if (_abortReason is not null)
                {
                    CompleteInputWriter();
                }
            }
        }
    }

    /// <summary>Sends <paramref name="text"/> as UTF-8 from the peer.</summary>
    /// <returns>False when the application no longer reads.</returns>
    public Task<bool> PeerWriteAsync(string text, CancellationToken cancellationToken = default) =>
        PeerWriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Sends each chunk with its own flush, as separate network reads would deliver them.</summary>
    public async Task PeerWriteChunksAsync(IEnumerable<byte[]> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            await PeerWriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the peer's sending side (a FIN): the application reads the end of the stream after the bytes sent.</summary>
    public void PeerEndOfStream()
    {
        lock (_lock)
        {
            if (_peerWriting)
            {
                throw new InvalidOperationException("A peer write is in progress.");
            }

            CompleteInputWriter();
        }
    }

    /// <summary>Makes the peer stop reading and close without error: the application's next flush reports completion.</summary>
    public void PeerStopReading()
    {
        lock (_lock)
        {
            if (_peerReading)
            {
                throw new InvalidOperationException("A peer read is in progress.");
            }

            CompleteOutputReader();
        }
    }

    /// <summary>Resets the connection from the peer's side: the application's reads and writes fail with <see cref="ConnectionResetException"/>.</summary>
    public void PeerReset() => Abort(new ConnectionResetException($"connection {Id} was reset by the peer"));

    /// <summary>Reads exactly <paramref name="count"/> bytes the application sent, or fewer if its output ends first.</summary>
    public Task<byte[]> PeerReadAsync(int count, CancellationToken cancellationToken = default) =>
        PeerReadCoreAsync(buffer => buffer.Length >= count ? buffer.GetPosition(count) : null, cancellationToken);

    /// <summary>Waits for the application to send something and returns all of it that is buffered.</summary>
    /// <returns>The bytes; empty once the application's output has ended (or the connection was aborted).</returns>
    public Task<byte[]> PeerReadSomeAsync(CancellationToken cancellationToken = default) =>
        PeerReadCoreAsync(buffer => buffer.IsEmpty ? null : buffer.End, cancellationToken);

    /// <summary>Reads everything the application sends until it completes its output (or the connection is aborted).</summary>
    public Task<byte[]> PeerReadToEndAsync(CancellationToken cancellationToken = default) =>
        PeerReadCoreAsync(_ => null, cancellationToken);

    /// <summary>Reads one line the application sent, decoded as UTF-8, without its LF or CRLF.</summary>
    /// <returns>The line; the remaining text if the output ends without a newline; null at the end with nothing left.</returns>
    public async Task<string?> PeerReadLineAsync(CancellationToken cancellationToken = default)
    {
        var bytes = await PeerReadCoreAsync(
            buffer => buffer.PositionOf((byte)'\n') is { } newline ? buffer.GetPosition(1, newline) : null,
            cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes);
        return text.EndsWith('\n') ? text.TrimEnd('\n').TrimEnd('\r') : text;
    }

    /// <summary>Returns what the application has sent and the peer has not read yet, without waiting.</summary>
    public byte[] PeerReadAvailable()
    {
        lock (_lock)
        {
            if (_peerReading || _outputReaderDone || !_output.Reader.TryRead(out var result))
            {
                return [];
            }

            var bytes = result.Buffer.ToArray();
            _output.Reader.AdvanceTo(result.Buffer.End);
            Interlocked.Add(ref _bytesSent, bytes.Length);
            return bytes;
        }
    }

    private async Task<byte[]> PeerReadCoreAsync(Func<ReadOnlySequence<byte>, SequencePosition?> findEnd, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_peerReading)
            {
                throw new InvalidOperationException("One peer read at a time.");
            }

            if (_outputReaderDone)
            {
                return [];
            }

            _peerReading = true;
        }

        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (findEnd(buffer) is { } end)
                {
                    var bytes = buffer.Slice(0, end).ToArray();
                    reader.AdvanceTo(end);
                    Interlocked.Add(ref _bytesSent, bytes.Length);
                    return bytes;
                }

                if (result.IsCompleted || (result.IsCanceled && IsAborted))
                {
                    var bytes = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    Interlocked.Add(ref _bytesSent, bytes.Length);
                    return bytes;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            lock (_lock)
            {
                _peerReading = false;
                if (_abortReason is not null)
                {
                    CompleteOutputReader();
                }
            }
        }
    }

    private void CompleteInputWriter()
    {
        if (!_inputWriterDone)
        {
            _inputWriterDone = true;
            _input.Writer.Complete(_abortReason);
        }
    }

    private void CompleteOutputReader()
    {
        if (!_outputReaderDone)
        {
            _outputReaderDone = true;
            _output.Reader.Complete(_abortReason);
        }
    }

    private void FireClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered by the code under test threw; the connection is closed regardless.
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
