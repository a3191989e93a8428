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

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await gate.EnterAsync().ConfigureAwait(false);
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
