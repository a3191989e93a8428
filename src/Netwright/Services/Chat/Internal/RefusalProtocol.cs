using Netwright.Protocols;

namespace Netwright.Services.Chat.Internal;

/// <summary>Answers a connection the chat cannot take with the reason (an IRC <c>ERROR</c> line, readable as text too) and closes it.</summary>
internal sealed class RefusalProtocol(string reason) : Protocol
{
    public override void OnConnected()
    {
        Transport.Write($"ERROR :Closing Link: {reason}\r\n");
        Transport.LoseConnection();
    }
}
