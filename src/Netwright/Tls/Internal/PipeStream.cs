using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Netwright.Tls.Internal;

/// <summary>
/// The socket side of a TLS connection as the <see cref="Stream"/> that <see cref="System.Net.Security.SslStream"/>
/// needs: reads take bytes from the connection's input pipe, writes go to its output pipe and are flushed.
/// </summary>
/// <remarks>
/// A zero-byte read waits until bytes arrive and returns 0 without consuming them, so an idle TLS connection
/// holds no read buffer (SslStream passes its own zero-byte reads down when its buffer is empty). Only the
/// asynchronous members are used; the synchronous ones would block a thread and throw instead.
/// </remarks>
internal sealed class PipeStream(IDuplexPipe pipe) : Stream
{
    /// <summary>How many reads may find bytes waiting, back to back, before one yields the thread.</summary>
    private const int MaxReadsInARow = 16;

    private readonly PipeReader _input = pipe.Input;
    private readonly PipeWriter _output = pipe.Output;
    private ulong _firstBytes;
    private int _firstCount;
    private int _readsInARow;

    /// <summary>Gets the first bytes the peer sent (up to 8), for saying what a failed handshake received.</summary>
    public byte[] FirstBytes
    {
        get
        {
            var bytes = new byte[_firstCount];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(_firstBytes >> (8 * i));
            }

            return bytes;
        }
    }

    /// <summary>
    /// Gets or sets the gate that reads of the TLS connection pass (set once the handshake is done): a read waiting
    /// here for the socket is outside OpenSSL, so the gate lets a shutdown run meanwhile.
    /// </summary>
    public TlsReadGate? Gate { get; set; }

    /// <summary>Gets whether the peer ended its side (a read found the end of the stream).</summary>
    public bool SawEndOfStream { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Bytes already waiting (SslStream coming back for the record its zero-byte read saw arrive): take them at
        // once, with no state machine and no trip through the gate, which only matters while a read waits for the socket.
        if (++_readsInARow < MaxReadsInARow && _input.TryRead(out var result))
        {
            try
            {
                var count = Take(result, buffer.Span, cancellationToken);
                if (count >= 0)
                {
                    return new ValueTask<int>(count);
                }
            }
            catch (OperationCanceledException ex)
            {
                return ValueTask.FromException<int>(ex);
            }
        }

        return ReadSlowAsync(buffer, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadSlowAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            var gate = Gate;
            gate?.Exit();
            try
            {
                var read = _input.ReadAsync(cancellationToken);
                if (!read.IsCompleted)
                {
                    _readsInARow = 0;
                }
                else if (_readsInARow >= MaxReadsInARow)
                {
                    // A peer that pipelines a flood (256 KiB of newlines) keeps bytes waiting, so every read completes at once
                    // and the application would answer the whole flood on this thread; as the engines' receive loops do,
                    // give the other connections (a fresh client's handshake) a turn. Outside the read gate: a shutdown may run.
                    _readsInARow = 0;
                    await Task.Yield();
                }

                result = await read.ConfigureAwait(false);
            }
            finally
            {
                if (gate is not null)
                {
                    await gate.EnterAsync().ConfigureAwait(false);
                }
            }

            var count = Take(result, buffer.Span, cancellationToken);
            if (count >= 0)
            {
                return count;
            }
        }
    }

    /// <summary>
    /// Copies what <paramref name="result"/> holds into <paramref name="buffer"/> and consumes it: the count, 0 at the end
    /// of the stream (or for a zero-byte read, which only waits: the bytes stay in the pipe), or -1 to read again.
    /// </summary>
    private int Take(in ReadResult result, Span<byte> buffer, CancellationToken cancellationToken)
    {
        var data = result.Buffer;
        if (result.IsCanceled)
        {
            _input.AdvanceTo(data.Start);
            throw new OperationCanceledException("the read was canceled", cancellationToken);
        }

        if (data.IsEmpty)
        {
            _input.AdvanceTo(data.End);
            if (result.IsCompleted)
            {
                SawEndOfStream = true;
                return 0;
            }

            return -1;
        }

        var count = (int)Math.Min(data.Length, buffer.Length);
        var taken = data.Slice(0, count);
        taken.CopyTo(buffer);
        if (_firstCount < 8 && count > 0)
        {
            Remember(buffer[..count]);
        }

        _input.AdvanceTo(taken.End);
        return count;
    }

    private void Remember(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_firstCount == 8)
            {
                return;
            }

            _firstBytes |= (ulong)b << (8 * _firstCount++);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Usually the socket takes the record at once: no state machine for the common case.
        var write = _output.WriteAsync(buffer, cancellationToken);
        return write.IsCompletedSuccessfully ? (IsClosed(write.Result) ? ValueTask.FromException(Closed()) : default) : AwaitWriteAsync(write);
    }

    private static bool IsClosed(FlushResult result) => result.IsCompleted || result.IsCanceled;

    private static Errors.ConnectionResetException Closed() => new("the connection is closed; the peer no longer reads");

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitWriteAsync(ValueTask<FlushResult> write)
    {
        if (IsClosed(await write.ConfigureAwait(false)))
        {
            throw Closed();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
        // Every write is flushed already.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("TLS connections are read asynchronously");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("TLS connections are written asynchronously");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
