using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text.Json;
using Netwright.Errors;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// The files protocol's framing over a pair of pipes: control messages are a 4-byte big-endian length and that
/// many bytes of UTF-8 JSON; raw file bytes travel between them, read with <see cref="ReadRawAsync"/>.
/// Every read waits at most the stall timeout for the next bytes, so a silent peer is dropped.
/// </summary>
internal sealed class FrameChannel : IDisposable
{
    public const int MaxFrameLength = 64 * 1024;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly TimeSpan _stallTimeout;
    private readonly CancellationToken _closed;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private Utf8JsonWriter? _jsonWriter;
    private CancellationTokenSource? _stall;

    /// <summary>How long the read in progress may wait: the stall timeout, or infinite between requests.</summary>
    private TimeSpan _waitLimit;

    public FrameChannel(PipeReader input, PipeWriter output, TimeSpan stallTimeout, CancellationToken closed)
    {
        _input = input;
        _output = output;
        _stallTimeout = stallTimeout;
        _closed = closed;
    }

    public PipeWriter Output => _output;

    /// <summary>Gets whether at least <paramref name="bytes"/> wait unflushed (always true on a writer that cannot tell).</summary>
    public bool HasUnflushed(long bytes) => !_output.CanGetUnflushedBytes || _output.UnflushedBytes >= bytes;

    /// <summary>Reads the next control message; null when the peer ended the stream between messages.</summary>
    /// <param name="betweenRequests">
    /// Nothing is under way, so the wait for the message's first bytes is not timed (the server's idle timeout
    /// covers an idle connection, as keep-alive does in HTTP); the rest of a message begun is timed as a stall.
    /// </param>
    /// <exception cref="FileTransferException">The frame is malformed or the stream ends inside it.</exception>
    public async ValueTask<FileMessage?> ReadMessageAsync(bool betweenRequests = false)
    {
        var idle = betweenRequests;
        while (true)
        {
            var result = await ReadRawAsync(idle: idle).ConfigureAwait(false);
            idle = false;
            var buffer = result.Buffer;
            if (TryParse(ref buffer, out var message))
            {
                _input.AdvanceTo(buffer.Start);
                return message;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : throw new FileTransferException(FileErrorCode.Protocol, "the stream ended inside a control message");
            }
        }
    }

    /// <summary>Takes the next control message if it has fully arrived already; never waits.</summary>
    /// <exception cref="FileTransferException">The frame is malformed.</exception>
    public bool TryReadBufferedMessage([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FileMessage? message)
    {
        message = null;
        if (!_input.TryRead(out var result))
        {
            return false;
        }

        if (result.IsCanceled)
        {
            // A graceful stop: leave it for the next waiting read to see, which treats it as the end of the stream.
            _input.AdvanceTo(result.Buffer.Start);
            _input.CancelPendingRead();
            return false;
        }

        var buffer = result.Buffer;
        if (TryParse(ref buffer, out var parsed))
        {
            _input.AdvanceTo(buffer.Start);
            message = parsed;
            return true;
        }

        _input.AdvanceTo(result.Buffer.Start);
        return false;
    }

    /// <summary>Waits for bytes (at most the stall timeout); the caller advances the input as it consumes.</summary>
    /// <exception cref="NetworkTimeoutException">No bytes came within the stall timeout.</exception>
    /// <param name="offload">Continue on the thread pool after waiting, for callers that do heavy work on the bytes.</param>
    /// <param name="idle">Wait without the stall timeout: bytes already buffered return at once, and a message they begin is read on with it (see <see cref="ReadMessageAsync"/>).</param>
    public async ValueTask<ReadResult> ReadRawAsync(bool offload = false, bool idle = false)
    {
        if (_stall is null || !_stall.TryReset())
        {
            var old = _stall;
            Volatile.Write(ref _stall, CancellationTokenSource.CreateLinkedTokenSource(_closed));
            old?.Dispose();
        }

        _waitLimit = idle ? Timeout.InfiniteTimeSpan : _stallTimeout;
        _stall.CancelAfter(_waitLimit);
        try
        {
            var pending = _input.ReadAsync(_stall.Token);
            var waited = !pending.IsCompleted;
            var result = await pending.ConfigureAwait(false);
            if (waited && offload)
            {
                // The pipe resumes us inline on the transport's receive thread (the epoll thread with inline completions):
                // hashing and writing a chunk there would stop that socket, and every other, from receiving meanwhile.
                await Task.Yield();
            }

            if (result.IsCanceled)
            {
                // A graceful server stop cancels pending reads: treat it as the end of the stream.
                return new ReadResult(result.Buffer, isCanceled: false, isCompleted: true);
            }

            return result;
        }
        catch (OperationCanceledException) when (!_closed.IsCancellationRequested)
        {
            throw new NetworkTimeoutException($"the peer sent nothing for {_stallTimeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            throw new ConnectionAbortedException("the connection closed");
        }
    }

    /// <summary>
    /// Restarts the stall timer of a read in progress: the side that is busy sending (a client streaming a big file
    /// while its reader waits for the reply) counts its own progress, so only a transfer that stops is timed out.
    /// </summary>
    public void NoteProgress()
    {
        try
        {
            Volatile.Read(ref _stall)?.CancelAfter(_waitLimit);
        }
        catch (ObjectDisposedException)
        {
            // The reader replaced its timer meanwhile; the new one starts full.
        }
    }

    public void AdvanceTo(SequencePosition consumed) => _input.AdvanceTo(consumed);

    public void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _input.AdvanceTo(consumed, examined);

    /// <summary>Buffers one control message; <see cref="FlushAsync"/> sends it.</summary>
    public void Write(FileMessage message)
    {
        _json.ResetWrittenCount();
        if (_jsonWriter is null)
        {
            _jsonWriter = new Utf8JsonWriter(_json);
        }
        else
        {
            _jsonWriter.Reset(_json);
        }

        JsonSerializer.Serialize(_jsonWriter, message, FileMessageJson.Default.FileMessage);
        _jsonWriter.Flush();
        var length = _json.WrittenCount;
        var span = _output.GetSpan(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        _json.WrittenSpan.CopyTo(span[4..]);
        _output.Advance(4 + length);
    }

    /// <summary>Sends what was written; waits while the peer is slow to read.</summary>
    /// <exception cref="ConnectionResetException">The peer is gone.</exception>
    public async ValueTask FlushAsync()
    {
        var result = await _output.FlushAsync(_closed).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new ConnectionResetException("the peer closed the connection");
        }
    }

    public async ValueTask SendAsync(FileMessage message)
    {
        Write(message);
        await FlushAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stall?.Dispose();
        _jsonWriter?.Dispose();
    }

    /// <summary>Parses one frame from the front of <paramref name="buffer"/>, moving it past the frame.</summary>
    internal static bool TryParse(ref ReadOnlySequence<byte> buffer, out FileMessage message)
    {
        message = null!;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length is <= 0 or > MaxFrameLength)
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"a control message of {length} bytes (1 to {MaxFrameLength} allowed)");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        var body = buffer.Slice(4, length);
        try
        {
            var reader = new Utf8JsonReader(body);
            message = JsonSerializer.Deserialize(ref reader, FileMessageJson.Default.FileMessage)
                ?? throw new FileTransferException(FileErrorCode.Protocol, "a control message is null");
        }
        catch (JsonException ex)
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"a control message is not valid JSON: {ex.Message}");
        }

        if (string.IsNullOrEmpty(message.Op))
        {
            throw new FileTransferException(FileErrorCode.Protocol, "a control message has no op");
        }

        buffer = buffer.Slice(body.End);
        return true;
    }
}
