using System.Net;
using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services.Chat;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Chat;

/// <summary>The chat service on real loopback sockets: both client kinds, slow and vanishing clients, a big room.</summary>
public sealed partial class ChatLoopbackTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _test = new(Timeouts.Test);
    private readonly List<LineClient> _clients = [];
    private ChatServer _chat = null!;
    private NetServer _server = null!;

    public ChatOptions Options { get; } = new() { ServerName = "irc.test", FloodRate = 0, MaxConnectionsPerAddress = 0 };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
        _chat.Dispose();
        _test.Dispose();
    }

    [Fact]
    public async Task PlainAndIrcClientsShareARoomAndAbruptLeavesAreAnnounced()
    {
        await StartAsync();
        var plain = await ConnectAsync();
        await plain.SendAsync("pat\r\n");
        await ExpectAsync(plain, "* pat has joined #lobby");
        var irc = await ConnectAsync();
        await irc.SendAsync("CAP LS 302\r\nNICK ira\r\nUSER ira 0 * :Ira\r\nCAP END\r\nJOIN #lobby\r\n");
        await ExpectAsync(irc, " 366 ira #lobby ");
        await ExpectAsync(plain, "* ira has joined #lobby");

        await plain.SendAsync("hello over tcp\r\n");
        Assert.Equal(":pat!user@127.0.0.1 PRIVMSG #lobby :hello over tcp", await irc.ReadLineAsync());
        await irc.SendAsync("PRIVMSG #lobby :hi pat\r\n");
        Assert.Equal("<ira> hi pat", await plain.ReadLineAsync());

        var irc2 = await ConnectAsync();
        await irc2.SendAsync("NICK ira\r\n");
        await ExpectAsync(irc2, " 433 * ira ");

        // A reset (linger 0) and a plain close without QUIT: both are told to the room.
        irc.Socket.LingerState = new LingerOption(true, 0);
        irc.Socket.Close();
        Assert.Equal("* ira has quit (Connection reset)", await plain.ReadLineAsync());
        await irc2.SendAsync("NICK ira\r\nUSER i 0 * :I\r\nJOIN #lobby\r\n");
        await ExpectAsync(plain, "* ira has joined #lobby");
        plain.Socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(":pat!user@127.0.0.1 QUIT :Connection closed", await ExpectAsync(irc2, " QUIT "));
    }

    [Fact]
    public async Task AClientThatStopsReadingIsCutOffWhileTheRoomGoesOn()
    {
        await StartAsync();
        var talker = await IrcAsync("talker");
        var reader = await IrcAsync("reader");
        var stalled = await IrcAsync("stalled", receiveBuffer: 4096);
        await ExpectAsync(reader, "stalled!stalled@127.0.0.1 JOIN");

        // 6 MB in all: more than the stalled client's socket buffers and its 256 KiB send queue together.
        // The talker sends in batches the reader reads, so only the stalled client falls behind.
        var text = new string('x', 480);
        var quit = false;
        for (var batch = 0; batch < 120; batch++)
        {
            await talker.SendAsync(string.Concat(Enumerable.Range(batch * 100, 100).Select(i => $"PRIVMSG #room :{i} {text}\r\n")));
            for (var received = 0; received < 100;)
            {
                var line = await reader.ReadLineAsync();
                if (line == ":stalled!stalled@127.0.0.1 QUIT :SendQ exceeded")
                {
                    quit = true;
                    continue;
                }

                Assert.StartsWith($":talker!talker@127.0.0.1 PRIVMSG #room :{(batch * 100) + received} ", line);
                received++;
            }
        }

        Assert.True(quit, "the stalled client was not disconnected");
        Assert.Equal(2, _chat.ClientCount);
    }

    [Fact]
    public async Task AThousandClientsInOneRoomEachGetTheMessage()
    {
        await StartAsync();
        const int count = 1000;
        const int atOnce = 50;
        var members = new LineClient[count];
        // Registered 50 at a time: one at a time is a thousand round trips in a row, a minute on a loaded CI machine.
        for (var first = 0; first < count; first += atOnce)
        {
            await Task.WhenAll(Enumerable.Range(first, atOnce).Select(async i =>
            {
                members[i] = await ConnectAsync();
                await members[i].SendAsync($"NICK n{i}\r\nUSER u 0 * :U\r\nJOIN #big\r\n");
                await ExpectAsync(members[i], $" 366 n{i} #big ");
            }));
        }

        await members[0].SendAsync("PRIVMSG #big :to everyone\r\n");
        // Each skips the JOINs of those who came after it; the first message it gets is the one sent.
        var lines = await Task.WhenAll(members.Skip(1).Select(m => ExpectAsync(m, " PRIVMSG ")));

        Assert.All(lines, l => Assert.Equal(":n0!u@127.0.0.1 PRIVMSG #big :to everyone", l));
        await members[1].SendAsync("NAMES #big\r\n");
        var names = await ExpectAsync(members[1], " 366 ");
        Assert.Equal(count, _chat.ClientCount);
        Assert.Contains("End of /NAMES", names);
    }

    private async Task StartAsync()
    {
        _chat = new ChatServer(Options);
        _server = new NetServer(new NetServerOptions());
        _server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), _chat);
        await _server.StartAsync(_test.Token).WithTimeout();
    }

    private async Task<LineClient> ConnectAsync(int receiveBuffer = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer > 0)
        {
            socket.ReceiveBufferSize = receiveBuffer;
        }

        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _server.EndPoints[0].Port), _test.Token).AsTask().WithTimeout();
        var client = new LineClient(socket, _test.Token);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    private async Task<LineClient> IrcAsync(string nick, int receiveBuffer = 0)
    {
        var client = await ConnectAsync(receiveBuffer);
        await client.SendAsync($"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\nJOIN #room\r\n");
        await ExpectAsync(client, $" 366 {nick} #room ");
        return client;
    }

    /// <summary>Reads up to a line containing <paramref name="text"/>, keeping none of the others (a thousand run at once).</summary>
    private static async Task<string> ExpectAsync(LineClient client, string text)
    {
        while (await client.ReadLineAsync() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new Xunit.Sdk.XunitException($"the connection ended before a line with '{text}'");
    }

    /// <summary>Reads up to a line containing <paramref name="text"/> and returns them all, that one included.</summary>

    private static async Task<List<string>> ReadUntilAsync(LineClient client, string text)
    {
        var lines = new List<string>();
        while (await client.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return lines;
            }
        }

        throw new Xunit.Sdk.XunitException($"the connection ended before a line with '{text}'; saw:\n{string.Join('\n', lines)}");
    }
}

