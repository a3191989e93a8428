using System.Runtime.CompilerServices;

namespace Netwright.Tls.Internal;

/// <summary>
/// The read side of a TLS connection's <see cref="System.Net.Security.SslStream"/> as its input pipe sees it: every read
/// passes through the <see cref="TlsReadGate"/>, so it never overlaps the stream's shutdown.
/// </summary>
internal sealed class GatedReadStream(Stream ssl, TlsReadGate gate) : Stream
{
    public override bool CanRead => true;

    public override bool CanWrite => false;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var enter = gate.EnterAsync();
        if (!enter.IsCompletedSuccessfully)
        {
            return ReadAfterShutdownAsync(enter, buffer, cancellationToken);
        }

        ValueTask<int> read;
        try
        {
            read = ssl.ReadAsync(buffer, cancellationToken);
        }
        catch
        {
            gate.Exit();
            throw;
        }

        if (!read.IsCompleted)
        {
            return AwaitReadAsync(read);
        }

        // Decrypted bytes were waiting: no state machine.
        try
        {
            return new ValueTask<int>(read.Result);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<int>(ex);
        }
        finally
        {
            gate.Exit();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AwaitReadAsync(ValueTask<int> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        finally
        {
            gate.Exit();
        }
    }

    private async ValueTask<int> ReadAfterShutdownAsync(ValueTask enter, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await enter.ConfigureAwait(false);
        try
        {
            return await ssl.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Exit();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("TLS connections are read asynchronously");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
