using System.Buffers;
using Netwright.Protocols;

namespace Netwright.Services.Echo;

/// <summary>Byte-exact echo in the event style (Twisted's classic <c>Echo</c> protocol).</summary>
internal sealed class EchoProtocol : Protocol
{
    /// <inheritdoc/>
    public override void OnDataReceived(ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            Transport.Write(segment.Span);
        }
    }
}
