using Netwright.Applications;
using Netwright.Protocols;
using Netwright.Protocols.Internal;
using Netwright.Servers;
using Netwright.Testing;

namespace Netwright.Tests.Support;

/// <summary>
/// A client protocol and a server protocol joined in memory (Twisted's <c>iosim.connectedServerAndClient</c>):
/// each runs in its own runner over an <see cref="InMemoryConnection"/>, and two pumps move the bytes one
/// side sends to the other, cut as the split function says, then pass on the end of the stream or a reset.
/// </summary>
internal sealed class ConnectedPair
{
    private readonly Func<byte[], IEnumerable<byte[]>> _split;

    private ConnectedPair(Protocol client, Protocol server, ServerContext context, Func<byte[], IEnumerable<byte[]>>? split)
    {
        _split = split ?? (bytes => [bytes]);
        ClientRun = RunAsync(ClientConnection, client, context);
        ServerRun = RunAsync(ServerConnection, server, context);
        var toServer = PumpAsync(ClientConnection, ServerConnection);
        var toClient = PumpAsync(ServerConnection, ClientConnection);
        Completion = Task.WhenAll(ClientRun, ServerRun, toServer, toClient);
    }

    public InMemoryConnection ClientConnection { get; } = new();

    public InMemoryConnection ServerConnection { get; } = new();

    /// <summary>Gets the client's runner; it faults if a client callback threw.</summary>
    public Task ClientRun { get; }

    /// <summary>Gets the server's runner; it faults if a server callback threw.</summary>
    public Task ServerRun { get; }

    /// <summary>Gets a task that completes when both sides and both pumps are done.</summary>
    public Task Completion { get; }

    public static ConnectedPair Start(Protocol client, Protocol server, ServerContext context, Func<byte[], IEnumerable<byte[]>>? split = null) =>
        new(client, server, context, split);

    private static Task RunAsync(InMemoryConnection connection, Protocol protocol, ServerContext context) => Task.Run(async () =>
    {
        try
        {
            await new ProtocolRunner(connection, protocol, context, context.Options.Transport.MaxWriteBufferSize).RunAsync();
        }
        finally
        {
            // What the server does after the application returns: completes the output, so the other side sees EOF.
            await connection.DisposeAsync();
        }
    });

    private Task PumpAsync(InMemoryConnection from, InMemoryConnection to) => Task.Run(async () =>
    {
        while (await from.PeerReadSomeAsync() is { Length: > 0 } bytes)
        {
            foreach (var chunk in _split(bytes))
            {
                await to.PeerWriteAsync(chunk);
            }
        }

        if (from.IsAborted)
        {
            to.PeerReset();
        }
        else
        {
            to.PeerEndOfStream();
        }
    });
}
