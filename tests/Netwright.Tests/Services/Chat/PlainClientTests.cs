using Netwright.Testing;

namespace Netwright.Tests.Services.Chat;

public sealed class PlainClientTests
{
    [Fact]
    public async Task ASilentClientIsAskedForANicknameAndGetsAGuestNameAfterTheTimeout()
    {
        await using var chat = new ChatHarness(o => o.RegistrationTimeout = TimeSpan.FromSeconds(30));
        // Asked for before connecting: WhenTimerArmed sees only armings after the call, and the connection may arm at once.
        var armed = chat.Clock.WhenTimerArmed();
        var silent = chat.Connect();
        await armed.DefaultTimeout();

        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Welcome to irc.test chat. What is your nickname?", await silent.ReadLineAsync());
        for (var i = 0; i < 30; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("* No nickname given: you are guest1 (/nick NAME changes it)", await silent.ReadLineAsync());
        await silent.ExpectAsync("* guest1 has joined #lobby");
    }

    [Fact]
    public async Task AnIrcClientSilentPastThePromptStillRegistersAsAnIrcClient()
    {
        await using var chat = new ChatHarness();
        var armed = chat.Clock.WhenTimerArmed();
        var late = chat.Connect();
        await armed.DefaultTimeout();
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Welcome to irc.test chat. What is your nickname?", await late.ReadLineAsync());

        await late.SendAsync("NICK late", "USER late 0 * :Late", "JOIN #room");

        await late.ExpectAsync(" 001 late ");
        await late.ExpectAsync(" 366 late #room ");
    }

    [Fact]
    public async Task ATakenOrInvalidNicknameIsAskedAgain()
    {
        await using var chat = new ChatHarness();
        await chat.PlainAsync("ann");
        var b = chat.Connect();

        await b.SendAsync("ANN", "1x", "ben");
        Assert.Equal("* ANN is taken. Try another:", await b.ReadLineAsync());
        Assert.StartsWith("* '1x' is not a valid nickname", await b.ReadLineAsync());
        Assert.StartsWith("* Welcome, ben!", await b.ReadLineAsync());
    }

    [Fact]
    public async Task PlainAndIrcClientsShareTheLobby()
    {
        await using var chat = new ChatHarness();
        var plain = await chat.PlainAsync("pat");
        var irc = await chat.IrcAsync("ira");
        await irc.SendAsync("JOIN #lobby");
        await irc.ExpectAsync(" 366 ");
        Assert.Equal("* ira has joined #lobby", await plain.ReadLineAsync());

        await plain.SendAsync("hello irc", "/me waves");
        Assert.Equal(":pat!user@127.0.0.1 PRIVMSG #lobby :hello irc", await irc.ReadLineAsync());
        Assert.Equal(":pat!user@127.0.0.1 PRIVMSG #lobby :\u0001ACTION waves\u0001", await irc.ReadLineAsync());
        await irc.SendAsync("PRIVMSG #lobby :hello plain", "PRIVMSG #lobby :\u0001ACTION nods\u0001", "NOTICE #lobby :note", "NICK ira2", "PART #lobby :gone");
        Assert.Equal("<ira> hello plain", await plain.ReadLineAsync());
        Assert.Equal("* ira nods", await plain.ReadLineAsync());
        Assert.Equal("-ira- note", await plain.ReadLineAsync());
        Assert.Equal("* ira is now known as ira2", await plain.ReadLineAsync());
        Assert.Equal("* ira2 has left #lobby (gone)", await plain.ReadLineAsync());
    }

    [Fact]
    public async Task SlashCommandsWork()
    {
        await using var chat = new ChatHarness();
        var a = await chat.PlainAsync("a");
        var b = await chat.PlainAsync("b");
        await a.ExpectAsync("* b has joined #lobby");

        await a.SendAsync("/who", "/msg b psst", "/topic our room", "/nick a2", "/bogus", "/help");
        Assert.Equal("* In #lobby (2): @a, b", await a.ReadLineAsync());
        Assert.Equal("-> *b* psst", await a.ReadLineAsync());
        Assert.Equal("* a set the topic of #lobby: our room", await a.ReadLineAsync());
        Assert.Equal("* a is now known as a2", await a.ReadLineAsync());
        Assert.Equal("* Unknown command /bogus: /help lists them.", await a.ReadLineAsync());
        Assert.StartsWith("* Commands: /nick", await a.ReadLineAsync());
        Assert.Equal("*a* psst", await b.ReadLineAsync());
        Assert.Equal("* a set the topic of #lobby: our room", await b.ReadLineAsync());
        Assert.Equal("* a is now known as a2", await b.ReadLineAsync());

        await b.SendAsync("/join games", "/rooms", "/part", "hello?", "/quit bye");
        Assert.Equal("* b has left #lobby", await b.ReadLineAsync());
        Assert.Equal("* b has joined #games", await b.ReadLineAsync());
        Assert.Equal("* 2 room(s):", await b.ReadLineAsync());
        var rooms = new[] { await b.ReadLineAsync(), await b.ReadLineAsync() };
        Assert.Contains("*   #lobby (1): our room", rooms);
        Assert.Contains("*   #games (1)", rooms);
        Assert.Equal("* b has left #games", await b.ReadLineAsync());
        Assert.Equal("* You left #games: /join a room to talk.", await b.ReadLineAsync());
        Assert.Equal("* You are in no room: /join one to talk.", await b.ReadLineAsync());
        Assert.Equal("* Disconnected: Quit: bye", await b.ReadLineAsync());
        Assert.Null(await b.ReadLineAsync());
        Assert.Equal("* b has left #lobby", await a.ReadLineAsync());
    }

    [Fact]
    public async Task JoiningARoomReplaysItsLastLines()
    {
        await using var chat = new ChatHarness(o => o.HistoryLength = 3);
        var watcher = await chat.PlainAsync("w");
        var a = await chat.PlainAsync("a");
        await a.SendAsync("one", "two", "three", "/me four");
        await watcher.ExpectAsync("* a four");

        var b = chat.Connect();
        await b.SendAsync("b");
        var lines = await b.ReadUntilAsync("* a four");
        Assert.Equal(["* b has joined #lobby", "[00:00] <a> two", "[00:00] <a> three", "[00:00] * a four"], lines[^4..]);
    }
}
