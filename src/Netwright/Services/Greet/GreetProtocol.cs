using Netwright.Protocols;

namespace Netwright.Services.Greet;

/// <summary>The greeting service in the event style: sends <see cref="Greeting.Text"/> on connect and closes.</summary>
internal sealed class GreetProtocol : Protocol
{
    /// <inheritdoc/>
    public override void OnConnected()
    {
        Transport.Write(Greeting.Bytes.Span);
        Transport.LoseConnection();
    }
}
