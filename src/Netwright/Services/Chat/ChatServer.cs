using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netwright.Protocols;
using Netwright.Services.Chat.Internal;

namespace Netwright.Services.Chat;

/// <summary>
/// A multi-client chat server for plain line clients (telnet, nc) and IRC clients (irssi, WeeChat, HexChat)
/// in the same rooms: Twisted's chat example grown into a service. Listen with it on any stream endpoint.
/// </summary>
/// <remarks>
/// <para>Start here for the chat. A connection whose first line is an IRC opening (<c>CAP</c>, <c>PASS</c>,
/// <c>NICK</c>, <c>USER</c>) speaks IRC; any other first line, or silence for <see cref="ChatOptions.PlainPromptDelay"/>,
/// makes it a plain client asked for a nickname. A room owns its membership; a broadcast queues the line for
/// each member, and a member that cannot keep up is disconnected (<c>SendQ exceeded</c>) instead of slowing
/// the others. Limits are in <see cref="ChatOptions"/>; docs/chat.md describes the commands.</para>
/// <code>
/// using var chat = new ChatServer(new ChatOptions { ServerName = "chat.example" });
/// server.Listen(NetEndPoint.Parse("tcp://0.0.0.0:6667"), chat);
/// </code>
/// <para>Thread-safe; one instance serves any number of listeners. Dispose it after the server stops.</para>
/// </remarks>
public sealed class ChatServer : ProtocolFactory, IDisposable
{
    /// <summary>The IRC port, the default for <c>netwright serve chat</c>.</summary>
    public const int DefaultPort = 6667;

    private readonly ChatHub _hub;

    /// <summary>Creates a chat server.</summary>
    /// <param name="options">The settings; null for the defaults. Read as the server runs, so set them first.</param>
    /// <param name="loggerFactory">Where limits hit and refusals are logged; null for none.</param>
    /// <param name="timeProvider">The clock for timeouts, flood limits and timestamps; null for the system clock.</param>
    public ChatServer(ChatOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new ChatOptions();
        _hub = new ChatHub(Options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ChatServer>(), timeProvider ?? TimeProvider.System);
    }

    /// <summary>Gets the settings.</summary>
    public ChatOptions Options { get; }

    /// <summary>Gets the number of connected clients, registered or not.</summary>
    public int ClientCount => _hub.ClientCount;

    /// <inheritdoc/>
    public override Protocol? CreateProtocol(EndPoint? remoteEndPoint) => _hub.Admit(remoteEndPoint);

    /// <summary>Stops the server's timer; connections end with the server that runs them.</summary>
    public void Dispose() => _hub.Dispose();
}
