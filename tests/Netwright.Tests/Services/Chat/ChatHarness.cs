using Netwright.Services.Chat;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Services.Chat;

/// <summary>A chat server on in-memory connections with a manual clock: each <see cref="ChatPeer"/> is one client.</summary>
internal sealed class ChatHarness : IAsyncDisposable
{
    private readonly List<(ChatPeer Peer, Task<Exception?> Run)> _peers = [];

    public ChatHarness(Action<ChatOptions>? configure = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        Options = new ChatOptions { ServerName = "irc.test", FloodRate = 0, MaxConnectionsPerAddress = 0 };
        configure?.Invoke(Options);
        Server = new ChatServer(Options, loggerFactory, Clock);
    }

    public Netwright.Testing.TestTimeProvider Clock { get; } = new();

    public ChatOptions Options { get; }

    public ChatServer Server { get; }

    public ChatPeer Connect(System.Net.EndPoint? remote = null)
    {
        var connection = new InMemoryConnection(remoteEndPoint: remote);
        var run = ServiceRun.Start(Server, connection, TestServer.Context(Clock));
        var peer = new ChatPeer(connection, run);
        _peers.Add((peer, run));
        return peer;
    }

    /// <summary>Connects and registers an IRC client, reading up to the end of the welcome (422: no MOTD).</summary>
    public async Task<ChatPeer> IrcAsync(string nick)
    {
        var peer = Connect();
        await peer.SendAsync($"NICK {nick}", $"USER {nick} 0 * :{nick} Real");
        await peer.ExpectAsync(" 422 ");
        return peer;
    }

    /// <summary>Connects a plain client that gives <paramref name="nick"/> as its first line, reading up to its join.</summary>
    public async Task<ChatPeer> PlainAsync(string nick)
    {
        var peer = Connect();
        await peer.SendAsync(nick);
        await peer.ExpectAsync($"* {nick} has joined");
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (peer, _) in _peers)
        {
            peer.Connection.PeerEndOfStream();
        }

        foreach (var (_, run) in _peers)
        {
            await run.DefaultTimeout();
        }

        Server.Dispose();
    }
}

/// <summary>One client of a <see cref="ChatHarness"/>: sends lines, reads until an expected one.</summary>
internal sealed class ChatPeer(InMemoryConnection connection, Task<Exception?> run)
{
    public InMemoryConnection Connection { get; } = connection;

    public Task<Exception?> Run { get; } = run;

    public async Task SendAsync(params string[] lines)
    {
        foreach (var line in lines)
        {
            await Connection.PeerWriteAsync(line + "\r\n").DefaultTimeout();
        }
    }

    public async Task<string?> ReadLineAsync() => await Connection.PeerReadLineAsync().DefaultTimeout();

    /// <summary>Reads lines until one contains <paramref name="text"/>; fails if the stream ends first.</summary>
    public async Task<string> ExpectAsync(string text)
    {
        var seen = new List<string>();
        while (await ReadLineAsync() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }

            seen.Add(line);
        }

        throw new Xunit.Sdk.XunitException($"the stream ended before a line with '{text}'; saw:\n{string.Join('\n', seen)}");
    }

    /// <summary>Reads lines up to one containing <paramref name="end"/> and returns them all, that one included.</summary>
    public async Task<List<string>> ReadUntilAsync(string end)
    {
        var lines = new List<string>();
        while (await ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line.Contains(end, StringComparison.Ordinal))
            {
                return lines;
            }
        }

        throw new Xunit.Sdk.XunitException($"the stream ended before '{end}'; saw:\n{string.Join('\n', lines)}");
    }

    /// <summary>Sends a PING and returns every line before its PONG: what the server sent in between.</summary>
    public async Task<List<string>> SyncAsync()
    {
        var token = "sync" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync("PING " + token);
        var lines = await ReadUntilAsync(token);
        lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
