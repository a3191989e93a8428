using System.Net;
using Netwright.Protocols;

namespace Netwright.Services.Greet;

/// <summary>The greeting over datagrams, event style: any datagram is answered with <see cref="Greeting.Text"/>.</summary>
internal sealed class GreetDatagramProtocol : DatagramProtocol
{
    /// <inheritdoc/>
    public override void OnDatagramReceived(ReadOnlyMemory<byte> data, EndPoint? sender) => Reply(Greeting.Bytes.Span);
}
