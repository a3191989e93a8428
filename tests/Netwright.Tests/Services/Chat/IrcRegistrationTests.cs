using Netwright.Testing;

namespace Netwright.Tests.Services.Chat;

public sealed class IrcRegistrationTests
{
    [Fact]
    public async Task CapLsHoldsTheWelcomeUntilCapEndAndIrssisEarlyJoinGets451()
    {
        await using var chat = new ChatHarness();
        var irssi = chat.Connect();

        await irssi.SendAsync("CAP LS 302", "JOIN :", "NICK alice", "USER alice 0 * :Alice");
        Assert.Equal(":irc.test CAP * LS :", await irssi.ReadLineAsync());
        Assert.Equal(":irc.test 451 * :You have not registered", await irssi.ReadLineAsync());
        Assert.Empty(await irssi.SyncAsync());

        await irssi.SendAsync("CAP END");
        var welcome = await irssi.ReadUntilAsync(" 422 ");
        Assert.StartsWith(":irc.test 001 alice :Welcome to the Netwright IRC Network alice!alice@127.0.0.1", welcome[0]);
        Assert.Equal(["001", "002", "003", "004", "005", "251", "254", "255", "265", "266", "422"], welcome.Select(l => l.Split(' ')[1]));
        foreach (var token in new[] { "CHANTYPES=#", "PREFIX=(ov)@+", "NICKLEN=30", "CHANNELLEN=50", "TOPICLEN=300", "CASEMAPPING=rfc1459" })
        {
            Assert.Contains(token, welcome[4]);
        }
    }

    [Fact]
    public async Task WeechatsCapLsNickAndUserTogetherWaitForCapEnd()
    {
        await using var chat = new ChatHarness();
        var weechat = chat.Connect();

        await weechat.SendAsync("CAP LS 302", "NICK w", "USER w 0 * :W", "CAP REQ :sasl");
        Assert.Contains("CAP * LS", await weechat.ReadLineAsync());
        Assert.Equal(":irc.test CAP w NAK :sasl", await weechat.ReadLineAsync());
        await weechat.SendAsync("CAP END");
        Assert.Contains(" 001 w ", await weechat.ReadLineAsync());
    }

    [Fact]
    public async Task WithoutCapRegistrationCompletesAtUser()
    {
        await using var chat = new ChatHarness(o => o.Motd = ["line one", "line two"]);
        var client = chat.Connect();

        await client.SendAsync("NICK bob", "USER bob 0 * :Bob");
        var lines = await client.ReadUntilAsync(" 376 ");
        Assert.Contains(":irc.test 375 bob :- irc.test Message of the day - ", lines);
        Assert.Contains(":irc.test 372 bob :- line two", lines);
    }

    [Fact]
    public async Task NicknameErrorsAre431_432_433()
    {
        await using var chat = new ChatHarness();
        await chat.IrcAsync("Taken[1]");
        var client = chat.Connect();

        await client.SendAsync("NICK 9bad", "NICK", "NICK taken{1}");
        Assert.Equal(":irc.test 432 * 9bad :Erroneous nickname", await client.ReadLineAsync());
        Assert.Equal(":irc.test 431 * :No nickname given", await client.ReadLineAsync());
        Assert.Equal(":irc.test 433 * taken{1} :Nickname is already in use", await client.ReadLineAsync());
    }

    [Fact]
    public async Task NicknamesLongerThanTheConfiguredLengthAreErroneous()
    {
        await using var chat = new ChatHarness(o => o.NickLength = 5);
        var client = chat.Connect();

        await client.SendAsync("NICK abcdef");
        Assert.Contains(" 432 ", await client.ReadLineAsync());
    }

    [Fact]
    public async Task UserNeedsFourParametersAndCannotBeRepeated()
    {
        await using var chat = new ChatHarness();
        var client = chat.Connect();

        await client.SendAsync("USER a b");
        Assert.Equal(":irc.test 461 * USER :Not enough parameters", await client.ReadLineAsync());
        await client.SendAsync("NICK a", "USER a 0 * :A");
        await client.ExpectAsync(" 422 ");
        await client.SendAsync("USER a 0 * :A", "PASS x");
        Assert.Equal(":irc.test 462 a :You may not reregister", await client.ReadLineAsync());
        Assert.Equal(":irc.test 462 a :You may not reregister", await client.ReadLineAsync());
    }

    [Fact]
    public async Task AServerPasswordIsRequiredAndAWrongOneCloses()
    {
        await using var chat = new ChatHarness(o => o.Password = "s3cret");
        var good = chat.Connect();
        var bad = chat.Connect();

        await good.SendAsync("PASS s3cret", "NICK good", "USER g 0 * :G");
        await good.ExpectAsync(" 001 good ");
        await bad.SendAsync("PASS nope", "NICK bad", "USER b 0 * :B");
        Assert.Equal(":irc.test 464 bad :Password incorrect", await bad.ReadLineAsync());
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Bad password)", await bad.ReadLineAsync());
        Assert.Null(await bad.ReadLineAsync());
    }

    [Fact]
    public async Task UnknownCommandsGet421AndPingIsAnsweredBeforeRegistration()
    {
        await using var chat = new ChatHarness();
        var client = chat.Connect();

        await client.SendAsync("CAP LS", "PING :abc", "PING");
        Assert.Contains("CAP * LS", await client.ReadLineAsync());
        Assert.Equal(":irc.test PONG irc.test :abc", await client.ReadLineAsync());
        Assert.Equal(":irc.test 409 * :No origin specified", await client.ReadLineAsync());
        await client.SendAsync("NICK z", "USER z 0 * :Z", "CAP END");
        await client.ExpectAsync(" 422 ");
        await client.SendAsync("FROB x");
        Assert.Equal(":irc.test 421 z FROB :Unknown command", await client.ReadLineAsync());
    }

    [Fact]
    public async Task OperNeedsTheRightNameAndPassword()
    {
        await using var chat = new ChatHarness(o => o.Operators["root"] = "pw");
        var client = await chat.IrcAsync("op");

        await client.SendAsync("OPER root", "OPER nobody pw", "OPER root bad", "OPER root pw");
        Assert.Contains(" 461 op OPER ", await client.ReadLineAsync());
        Assert.Contains(" 491 ", await client.ReadLineAsync());
        Assert.Contains(" 464 ", await client.ReadLineAsync());
        Assert.Equal(":irc.test 381 op :You are now an IRC operator", await client.ReadLineAsync());
        Assert.Equal(":op MODE op :+o", await client.ReadLineAsync());
    }

    [Fact]
    public async Task QuitIsAnsweredWithErrorAndToldToTheRoom()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("b");
        await a.SendAsync("JOIN #x");
        await a.ExpectAsync(" 366 ");
        await b.SendAsync("JOIN #x");
        await a.ExpectAsync(":b!b@127.0.0.1 JOIN #x");

        await b.SendAsync("QUIT :see you");
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Quit: see you)", await b.ExpectAsync("ERROR"));
        Assert.Null(await b.ReadLineAsync());
        Assert.Equal(":b!b@127.0.0.1 QUIT :Quit: see you", await a.ReadLineAsync());
    }
}
