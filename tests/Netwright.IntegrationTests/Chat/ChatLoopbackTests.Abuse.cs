using System.Diagnostics;

namespace Netwright.IntegrationTests.Chat;

/// <summary>Flooders and clients that vanish mid-line, on real loopback sockets with the real clock.</summary>
public sealed partial class ChatLoopbackTests
{
    [Fact]
    public async Task AFlooderIsSlowedThenDisconnectedWhileTheOthersGoOn()
    {
        (Options.FloodRate, Options.FloodBurst, Options.FloodQueueLength) = (2, 10, 10);
        await StartAsync();
        var bob = await IrcAsync("bob");
        var flooder = await IrcAsync("flooder");
        await ExpectAsync(bob, ":flooder!flooder@127.0.0.1 JOIN #room");

        // 15 messages and a PING at once: at most 10 tokens are there, so at least 6 lines wait for tokens that
        // come 2 a second. None is dropped, the order holds, and the PONG comes last, at least 2.5 s later.
        var clock = Stopwatch.StartNew();
        await flooder.SendAsync(string.Concat(Enumerable.Range(0, 15).Select(i => $"PRIVMSG #room :flood {i}\r\n")) + "PING :slowed\r\n");
        await bob.SendAsync("PING :bystander\r\n");
        var beforePong = await ReadUntilAsync(bob, "PONG irc.test :bystander");
        // While the flooder's lines wait, bob is answered at once: the last delayed message has not come yet.
        Assert.DoesNotContain(":flooder!flooder@127.0.0.1 PRIVMSG #room :flood 14", beforePong);
        Assert.Equal(":irc.test PONG irc.test :slowed", await ExpectAsync(flooder, "PONG"));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"the excess lines were not delayed: {clock.Elapsed}");
        var relayed = beforePong.Concat(await ReadUntilAsync(bob, "flood 14")).Where(l => l.Contains(" PRIVMSG ", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $":flooder!flooder@127.0.0.1 PRIVMSG #room :flood {i}"), relayed);

        // More than the burst and the queue together: the flooder is told why and closed; the room hears it quit.
        await flooder.SendAsync(string.Concat(Enumerable.Range(0, 40).Select(i => $"PRIVMSG #room :more {i}\r\n")));
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Excess Flood)", await ExpectAsync(flooder, "ERROR"));
        Assert.True(await flooder.WaitForCloseAsync());
        Assert.Equal(":flooder!flooder@127.0.0.1 QUIT :Excess Flood", await ExpectAsync(bob, " QUIT "));

        // A plain flooder gets the plain farewell; bob is still served.
        var pat = await ConnectAsync();
        await pat.SendAsync("pat\r\n/join #room\r\n");
        await ExpectAsync(bob, ":pat!user@127.0.0.1 JOIN #room");
        await pat.SendAsync(string.Concat(Enumerable.Range(0, 40).Select(i => $"line {i}\r\n")));
        await ExpectAsync(pat, "* Disconnected: Excess Flood");
        Assert.Equal(":pat!user@127.0.0.1 QUIT :Excess Flood", await ExpectAsync(bob, " QUIT "));
        await bob.SendAsync("PING :after\r\n");
        await ExpectAsync(bob, "PONG irc.test :after");
        Assert.Equal(1, _chat.ClientCount);
    }

    [Fact]
    public async Task ClientsResetMidLineAreToldAsQuitsAndTheirHalfLinesAreDropped()
    {
        await StartAsync();
        var watcher = await ConnectAsync();
        await watcher.SendAsync("watcher\r\n");
        await ExpectAsync(watcher, "* watcher has joined #lobby");
        var ira = await IrcAsync("ira");
        await ira.SendAsync("JOIN #lobby\r\n");
        await ExpectAsync(watcher, "* ira has joined #lobby");
        var pat = await ConnectAsync();
        await pat.SendAsync("pat\r\n");
        await ExpectAsync(ira, ":pat!user@127.0.0.1 JOIN #lobby");
        await ExpectAsync(watcher, "* pat has joined #lobby");

        // A plain client resets in the middle of a line: the IRC client sees it quit, and never the half line.
        await pat.SendAsync("half a li");
        pat.Reset();
        Assert.Equal(":pat!user@127.0.0.1 QUIT :Connection reset", await ira.ReadLineAsync());
        Assert.Equal("* pat has quit (Connection reset)", await watcher.ReadLineAsync());

        // An IRC client resets in the middle of a PRIVMSG: the plain client sees it quit, and never the half line.
        await ira.SendAsync("PRIVMSG #lobby :half a mess");
        ira.Reset();
        Assert.Equal("* ira has quit (Connection reset)", await watcher.ReadLineAsync());
        await watcher.SendAsync("/who\r\n");
        Assert.Equal("* In #lobby (1): @watcher", await watcher.ReadLineAsync());
        Assert.Equal(1, _chat.ClientCount);
    }
}
