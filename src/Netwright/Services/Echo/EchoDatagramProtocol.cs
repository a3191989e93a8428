using System.Net;
using Netwright.Applications;
using Netwright.Protocols;

namespace Netwright.Services.Echo;

/// <summary>Datagram echo in the event style.</summary>
internal sealed class EchoDatagramProtocol : DatagramProtocol
{
    /// <inheritdoc/>
    public override void OnDatagramReceived(ReadOnlyMemory<byte> data, EndPoint? sender) => Reply(data.Span);
}
