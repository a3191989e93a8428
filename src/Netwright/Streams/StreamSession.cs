using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using Netwright.Errors;
using Netwright.Framing;
using Netwright.Transport;

namespace Netwright.Streams;

/// <summary>
/// Line and byte reading and writing over a <see cref="Connection"/>: what socketserver's
/// StreamRequestHandler gives as <c>rfile</c>/<c>wfile</c>, without copying the stream into one buffer.
/// </summary>
/// <remarks>
/// <para>Start here for the handler style's I/O. Lines end with LF or CRLF, are UTF-8, and are limited to
/// <see cref="StreamSessionOptions.MaxLineLength"/> bytes. Text that arrives without a line ending is
/// returned as a line once <see cref="StreamSessionOptions.PartialLineDelay"/> passes with no more bytes,
/// because the tutorials' clients (<c>tsTclnt.py</c>) send exactly that and wait; bytes of one line split across TCP segments
/// arrive well within the delay and stay one line.</para>
/// <para>One reader and one writer at a time: do not call two reads, or two writes, concurrently.
/// The session does not own the connection, but it owns the TLS layer that <see cref="UpgradeToTlsAsync(Tls.TlsServerOptions, CancellationToken)"/>
/// puts over it: dispose the session with <see cref="DisposeAsync"/> to close that gracefully.</para>
/// </remarks>
public sealed partial class StreamSession : IDisposable, IAsyncDisposable
{
    private Connection _connection;
    private PipeReader _input;
    private PipeWriter _output;
    private LineFramer? _framer;
    private readonly StreamSessionOptions _options;
    private readonly CancellationTokenRegistration _stopRegistration;
    private ITimer? _partialTimer;
    private volatile bool _partialArmed;
    private volatile bool _stopRequested;
    private bool _endOfStream;

    /// <summary>Creates a session over <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection to read and write; not owned.</param>
    /// <param name="options">Framing settings; null for the defaults.</param>
    public StreamSession(Connection connection, StreamSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _options = options ?? new StreamSessionOptions();
        _input = connection.Transport.Input;
        _output = connection.Transport.Output;
        if (_options.Stopping.CanBeCanceled)
        {
            _stopRegistration = _options.Stopping.UnsafeRegister(static state => ((StreamSession)state!).RequestStop(), this);
        }
    }

    /// <summary>Gets the connection this session reads and writes: after a TLS upgrade, the TLS connection.</summary>
    public Connection Connection => _connection;

    /// <summary>Gets this side's address.</summary>
    public EndPoint? LocalEndPoint => _connection.LocalEndPoint;

    /// <summary>Gets the peer's address (socketserver's <c>client_address</c>).</summary>
    public EndPoint? RemoteEndPoint => _connection.RemoteEndPoint;

    /// <summary>Gets the raw input pipe, for code that frames bytes itself. Do not mix with the read methods mid-message.</summary>
    public PipeReader Input => _input;

    /// <summary>Gets the raw output pipe.</summary>
    public PipeWriter Output => _output;

    /// <summary>Gets whether a graceful stop was requested through <see cref="StreamSessionOptions.Stopping"/>.</summary>
    public bool IsStopping => _stopRequested;

    /// <summary>Reads whatever bytes are available, at most <paramref name="buffer"/>'s length (socket <c>recv</c>).</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The count read; 0 at the end of the stream or once a graceful stop is requested.</returns>
    /// <exception cref="ConnectionResetException">The peer reset the connection.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ConsumePendingLine();
        while (true)
        {
            if (_endOfStream || buffer.IsEmpty)
            {
                return 0;
            }

            if (_stopRequested)
            {
                // As in ReadLineAsync: return what is buffered, never wait, once a stop is requested.
                _input.CancelPendingRead();
            }

            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(data.Length, buffer.Length);
                data.Slice(0, count).CopyTo(buffer.Span);
                _input.AdvanceTo(data.GetPosition(count));
                return count;
            }

            _input.AdvanceTo(data.End);
            if (result.IsCompleted || _stopRequested)
            {
                _endOfStream = true;
            }
        }
    }

    /// <summary>Writes bytes and sends them (socket <c>sendall</c>); waits while the peer is slow to read.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">Cancels the wait for buffer space.</param>
    /// <returns>A task that completes when the bytes are accepted for sending.</returns>
    /// <exception cref="ConnectionResetException">The connection is closed and cannot take more bytes.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var result = await _output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        ThrowIfClosed(result);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 followed by the line ending, and sends it.</summary>
    /// <param name="text">The line, without its ending.</param>
    /// <param name="cancellationToken">Cancels the wait for buffer space.</param>
    /// <returns>A task that completes when the line is accepted for sending.</returns>
    /// <exception cref="ConnectionResetException">The connection is closed and cannot take more bytes.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteLineAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        LineText.WriteLine(_output, text, _options.LineEnding);
        var result = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfClosed(result);
    }

    /// <summary>Sends what was written straight into <see cref="Output"/>; waits while the peer is slow to read.</summary>
    /// <param name="cancellationToken">Cancels the wait for buffer space.</param>
    /// <returns>A task that completes when the bytes are accepted for sending.</returns>
    /// <exception cref="ConnectionResetException">The connection is closed and cannot take more bytes.</exception>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        // Most flushes complete at once (the send loop runs inline and the socket takes the bytes): answer those
        // without an async state machine, since request/reply handlers flush once per message.
        var flush = _output.FlushAsync(cancellationToken);
        if (flush.IsCompletedSuccessfully)
        {
            ThrowIfClosed(flush.Result);
            return ValueTask.CompletedTask;
        }

        return AwaitFlushAsync(flush);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush) => ThrowIfClosed(await flush.ConfigureAwait(false));

    /// <summary>Writes <paramref name="text"/> as UTF-8 with no line ending, and sends it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the wait for buffer space.</param>
    /// <returns>A task that completes when the text is accepted for sending.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, text.AsSpan(), _output);
        var result = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfClosed(result);
    }

    /// <summary>Reads lines until the end of the stream or a graceful stop.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lines, decoded.</returns>
    public async IAsyncEnumerable<string> ReadLinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    /// <summary>Releases the partial-line timer and the stop registration; the connection stays open.</summary>
    public void Dispose()
    {
        _stopRegistration.Dispose();
        _partialTimer?.Dispose();
    }

    private void RequestStop()
    {
        _stopRequested = true;
        _input.CancelPendingRead();
    }

    private void ThrowIfClosed(FlushResult result)
    {
        if (result.IsCompleted)
        {
            throw new ConnectionResetException($"connection {_connection.Id} is closed; the peer no longer reads");
        }
    }
}
