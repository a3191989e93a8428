using System.Net;
using Netwright.Testing;

namespace Netwright.Tests.Services.Chat;

public sealed class ChatLimitTests
{
    [Fact]
    public async Task AFloodIsDelayedThenDisconnectedWithExcessFlood()
    {
        await using var chat = new ChatHarness(o => (o.FloodRate, o.FloodBurst, o.FloodQueueLength) = (1, 4, 3));
        // Registration takes two of the four tokens (NICK, USER).
        var flooder = await chat.IrcAsync("f");
        var other = await chat.IrcAsync("o");
        var armed = chat.Clock.WhenTimerArmed();

        await flooder.SendAsync("PING 1", "PING 2", "PING 3");
        Assert.EndsWith(":1", await flooder.ReadLineAsync());
        Assert.EndsWith(":2", await flooder.ReadLineAsync());
        await armed.DefaultTimeout();
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.EndsWith(":3", await flooder.ReadLineAsync());

        await flooder.SendAsync(Enumerable.Range(4, 10).Select(i => $"PING {i}").ToArray());
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Excess Flood)", await flooder.ExpectAsync("ERROR"));
        Assert.Null(await flooder.ReadLineAsync());
        Assert.Equal([":irc.test PONG irc.test :alive"], await other.SendAndReadPongAsync());
    }

    [Fact]
    public async Task AClientThatDoesNotReadIsDisconnectedWithSendQExceededAndOthersGoOn()
    {
        await using var chat = new ChatHarness(o => o.SendQueueLimit = 8192);
        var talker = await chat.IrcAsync("talker");
        var reader = await chat.IrcAsync("reader");
        var stalled = await chat.IrcAsync("stalled");
        foreach (var peer in new[] { talker, reader, stalled })
        {
            await peer.SendAsync("JOIN #big");
            await peer.ExpectAsync(" 366 ");
        }

        await talker.ExpectAsync("stalled!stalled@127.0.0.1 JOIN");
        await reader.ExpectAsync("stalled!stalled@127.0.0.1 JOIN");
        var text = new string('x', 300);
        var quits = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            await talker.SendAsync($"PRIVMSG #big :{i} {text}");
            var line = await reader.ReadLineAsync();
            if (line!.Contains(" QUIT ", StringComparison.Ordinal))
            {
                quits.Add(line);
                line = await reader.ReadLineAsync();
            }

            Assert.StartsWith($":talker!talker@127.0.0.1 PRIVMSG #big :{i} ", line);
        }

        Assert.Equal([":stalled!stalled@127.0.0.1 QUIT :SendQ exceeded"], quits);
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (SendQ exceeded)", await stalled.ExpectAsync("ERROR"));
        Assert.Null(await stalled.Run.DefaultTimeout());
    }

    [Fact]
    public async Task APlainClientThatDoesNotReadIsToldSendQExceededInPlainText()
    {
        await using var chat = new ChatHarness(o => o.SendQueueLimit = 8192);
        var stalled = await chat.PlainAsync("stalled");
        var talker = await chat.IrcAsync("talker");
        await talker.SendAsync("JOIN #lobby");
        await talker.ExpectAsync(" 366 ");

        var text = new string('x', 300);
        string line;
        var sent = 0;
        do
        {
            await talker.SendAsync($"PRIVMSG #lobby :{sent++} {text}");
            line = (await talker.SyncAsync()).SingleOrDefault() ?? "";
        }
        while (sent < 200 && line.Length == 0);

        Assert.Equal(":stalled!user@127.0.0.1 QUIT :SendQ exceeded", line);
        Assert.Equal("* Disconnected: SendQ exceeded", await stalled.ExpectAsync("* Disconnected"));
        Assert.Null(await stalled.ReadLineAsync());
    }

    [Fact]
    public async Task ConnectionsOverThePerAddressCapAreRefusedWithAReason()
    {
        await using var chat = new ChatHarness(o => o.MaxConnectionsPerAddress = 2);
        var address = new IPEndPoint(IPAddress.Parse("10.0.0.7"), 4000);
        // Each connection starts on its own task: a PONG shows the first two are counted before the third arrives.
        foreach (var nick in new[] { "a", "b" })
        {
            var peer = chat.Connect(address);
            await peer.SendAsync($"NICK {nick}", "PING :counted");
            await peer.ExpectAsync("PONG");
        }

        var third = chat.Connect(address);
        Assert.Equal("ERROR :Closing Link: Too many connections from your address", await third.ReadLineAsync());
        Assert.Null(await third.ReadLineAsync());
        var elsewhere = await chat.IrcAsync("elsewhere");
        Assert.False(elsewhere.Run.IsCompleted);
    }

    [Fact]
    public async Task MaxClientsRefusesTheNextConnection()
    {
        await using var chat = new ChatHarness(o => o.MaxClients = 1);
        await chat.IrcAsync("only");

        var next = chat.Connect();
        Assert.Equal("ERROR :Closing Link: Server is full", await next.ReadLineAsync());
    }

    [Fact]
    public async Task AnUnregisteredIrcClientTimesOut()
    {
        await using var chat = new ChatHarness(o => o.RegistrationTimeout = TimeSpan.FromSeconds(5));
        var slow = chat.Connect();
        await slow.SendAsync("CAP LS 302");
        await slow.ReadLineAsync();

        for (var i = 0; i < 6; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Registration timed out)", await slow.ReadLineAsync());
        Assert.Null(await slow.ReadLineAsync());
    }

    [Fact]
    public async Task AQuietClientIsPingedAndDisconnectedWithoutAPong()
    {
        await using var chat = new ChatHarness(o => (o.PingInterval, o.PingTimeout) = (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)));
        var answers = await chat.IrcAsync("answers");
        var silent = await chat.IrcAsync("silent");

        for (var i = 0; i < 3; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("PING :irc.test", await answers.ReadLineAsync());
        Assert.Equal("PING :irc.test", await silent.ReadLineAsync());
        await answers.SendAsync("PONG :irc.test");
        Assert.Empty(await answers.SyncAsync());
        for (var i = 0; i < 2; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Ping timeout: 2 seconds)", await silent.ReadLineAsync());
        Assert.Empty(await answers.SyncAsync());
    }
}

internal static class ChatPeerExtensions
{
    public static Task<List<string>> SendAndReadPongAsync(this ChatPeer peer) => peer.ReadUntilAfterPingAsync();

    private static async Task<List<string>> ReadUntilAfterPingAsync(this ChatPeer peer)
    {
        await peer.SendAsync("PING alive");
        return await peer.ReadUntilAsync(":alive");
    }
}
