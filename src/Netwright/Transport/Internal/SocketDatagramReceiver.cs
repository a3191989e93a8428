using System.Net;
using System.Runtime.CompilerServices;

namespace Netwright.Transport.Internal;

/// <summary>
/// The sockets engine's datagram receiver: one <see cref="DatagramChannel.ReceiveFromAsync"/> per datagram into a
/// buffer allocated once, the .NET socket doing the waiting.
/// </summary>
internal sealed class SocketDatagramReceiver(DatagramChannel channel) : IDatagramReceiver
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(DatagramChannel.MaxDatagramSize + 1, pinned: true);
    private readonly SocketAddress _sender = channel.CreateAddressBuffer();
    private int _length;
    private volatile bool _closed;

    // Pooled: this method suspends once per datagram, and a fresh state machine box each time would be garbage per datagram.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return 0;
        }

        _length = await channel.ReceiveFromAsync(_buffer, _sender, cancellationToken).ConfigureAwait(false);
        return 1;
    }

    public ReadOnlyMemory<byte> Payload(int index) => _buffer.AsMemory(0, _length);

    public void CopySender(int index, SocketAddress target)
    {
        _sender.Buffer.Span[.._sender.Size].CopyTo(target.Buffer.Span);
        target.Size = _sender.Size;
    }

    /// <summary>Marks the receiver closed; a receive in flight ends through its cancellation token or the channel's disposal.</summary>
    public void Close() => _closed = true;

    public void Dispose() => Close();
}
