using System.Text;
using Netwright.Testing;

namespace Netwright.Tests.Services.Chat;

/// <summary>The IRC commands and error numerics the other chat tests leave out, one behaviour per test.</summary>
public sealed class IrcNumericsTests
{
    [Theory]
    [InlineData("JOIN #c")]
    [InlineData("PART #c")]
    [InlineData("PRIVMSG #c :hi")]
    [InlineData("NOTICE x :hi")]
    [InlineData("TOPIC #c")]
    [InlineData("NAMES")]
    [InlineData("LIST")]
    [InlineData("WHO *")]
    [InlineData("WHOIS x")]
    [InlineData("MODE #c")]
    [InlineData("AWAY :gone")]
    [InlineData("ISON x")]
    [InlineData("USERHOST x")]
    [InlineData("KICK #c x")]
    [InlineData("INVITE x #c")]
    [InlineData("OPER a b")]
    [InlineData("LUSERS")]
    [InlineData("MOTD")]
    [InlineData("FROB")]
    public async Task EveryOtherCommandBeforeRegistrationGets451(string line)
    {
        await using var chat = new ChatHarness();
        var client = chat.Connect();

        await client.SendAsync("NICK early", line);
        Assert.Equal(":irc.test 451 early :You have not registered", await client.ReadLineAsync());
        await client.SendAsync("USER early 0 * :Early");
        Assert.Contains(" 001 early ", await client.ReadLineAsync());
    }

    [Theory]
    [InlineData("JOIN")]
    [InlineData("PART")]
    [InlineData("TOPIC")]
    [InlineData("KICK #c")]
    [InlineData("INVITE x")]
    [InlineData("MODE")]
    [InlineData("ISON")]
    [InlineData("USERHOST")]
    [InlineData("OPER root")]
    [InlineData("USER")]
    public async Task ACommandWithoutItsParametersGets461(string line)
    {
        await using var chat = new ChatHarness();
        var client = await chat.IrcAsync("p");
        var command = line.Split(' ')[0];

        await client.SendAsync(line);
        Assert.Equal(command == "USER" ? ":irc.test 462 p :You may not reregister" : $":irc.test 461 p {command} :Not enough parameters", await client.ReadLineAsync());
        Assert.Empty(await client.SyncAsync());
    }

    [Fact]
    public async Task WhoisWithoutANickIs431AndNickWithoutOneIs431()
    {
        await using var chat = new ChatHarness();
        var client = await chat.IrcAsync("w");

        await client.SendAsync("WHOIS", "NICK");
        Assert.Equal(":irc.test 431 w :No nickname given", await client.ReadLineAsync());
        Assert.Equal(":irc.test 431 w :No nickname given", await client.ReadLineAsync());
    }

    [Fact]
    public async Task LusersAndMotdAnswerOnRequestAndOperatorsAreCounted()
    {
        await using var chat = new ChatHarness(o => (o.Motd, o.Operators["root"]) = (["first line"], "pw"));
        var client = chat.Connect();
        await client.SendAsync("NICK l", "USER l 0 * :L");
        await client.ReadUntilAsync(" 376 ");
        var other = chat.Connect();
        await other.SendAsync("NICK other", "USER o 0 * :O");
        await other.ReadUntilAsync(" 376 ");

        await client.SendAsync("OPER root pw", "LUSERS", "MOTD");
        await client.ExpectAsync(" 381 ");
        await client.ExpectAsync("MODE l :+o");
        var lusers = await client.ReadUntilAsync(" 266 ");
        Assert.Equal(":irc.test 251 l :There are 2 users and 0 invisible on 1 servers", lusers[0]);
        Assert.Equal(":irc.test 252 l 1 :operator(s) online", lusers[1]);
        Assert.Equal(["251", "252", "254", "255", "265", "266"], lusers.Select(l => l.Split(' ')[1]));
        Assert.Equal(
            [":irc.test 375 l :- irc.test Message of the day - ", ":irc.test 372 l :- first line", ":irc.test 376 l :End of /MOTD command."],
            await client.ReadUntilAsync(" 376 "));
    }

    [Fact]
    public async Task MotdWithoutAFileIs422()
    {
        await using var chat = new ChatHarness();
        var client = await chat.IrcAsync("m");

        await client.SendAsync("MOTD");
        Assert.Equal(":irc.test 422 m :MOTD File is missing", await client.ReadLineAsync());
    }

    [Fact]
    public async Task CapListIsEmptyAndCapEndAfterRegistrationIsIgnored()
    {
        await using var chat = new ChatHarness();
        var client = chat.Connect();

        await client.SendAsync("CAP LIST", "NICK c", "USER c 0 * :C", "CAP END");
        Assert.Equal(":irc.test CAP * LIST :", await client.ReadLineAsync());
        await client.ExpectAsync(" 422 ");
        await client.SendAsync("CAP END");
        Assert.Empty(await client.SyncAsync());
    }

    [Fact]
    public async Task ASecondKeyIs467UntilTheFirstIsRemoved()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        await op.SendAsync("JOIN #k", "MODE #k +k one");
        await op.ExpectAsync("MODE #k +k one");

        await op.SendAsync("MODE #k +k two", "MODE #k -k one", "MODE #k +k two", "MODE #k");
        Assert.Equal(":irc.test 467 op #k :Channel key already set", await op.ReadLineAsync());
        Assert.Equal(":op!op@127.0.0.1 MODE #k -k *", await op.ReadLineAsync());
        Assert.Equal(":op!op@127.0.0.1 MODE #k +k two", await op.ReadLineAsync());
        Assert.Equal(":irc.test 324 op #k +ntk two", await op.ReadLineAsync());
    }

    [Fact]
    public async Task OpAndVoiceForSomeoneOutsideTheChannelIs441()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        await chat.IrcAsync("away");
        await op.SendAsync("JOIN #o");
        await op.ExpectAsync(" 366 ");

        await op.SendAsync("MODE #o +o away", "MODE #o +v away", "MODE #o +v");
        Assert.Equal(":irc.test 441 op away #o :They aren't on that channel", await op.ReadLineAsync());
        Assert.Equal(":irc.test 441 op away #o :They aren't on that channel", await op.ReadLineAsync());
        Assert.Equal(":irc.test 461 op MODE :Not enough parameters", await op.ReadLineAsync());
    }

    [Fact]
    public async Task ABannedMemberCannotSpeakButAVoicedOneMay()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        var member = await chat.IrcAsync("member");
        await op.SendAsync("JOIN #b");
        await op.ExpectAsync(" 366 ");
        await member.SendAsync("JOIN #b");
        await op.ExpectAsync("member!member@127.0.0.1 JOIN");
        await member.ExpectAsync(" 366 ");

        await op.SendAsync("MODE #b +b member");
        await member.ExpectAsync("MODE #b +b member!*@*");
        await member.SendAsync("PRIVMSG #b :can I?", "NOTICE #b :or this?");
        Assert.Equal(":irc.test 404 member #b :Cannot send to channel", await member.ReadLineAsync());
        Assert.Empty(await member.SyncAsync());
        await op.SendAsync("MODE #b -b member");
        await member.ExpectAsync("MODE #b -b member!*@*");
        await member.SendAsync("PRIVMSG #b :free again");
        Assert.Equal(":member!member@127.0.0.1 PRIVMSG #b :free again", await op.ExpectAsync("PRIVMSG"));
    }

    [Fact]
    public async Task JoiningMoreChannelsThanAllowedIs405()
    {
        await using var chat = new ChatHarness(o => o.MaxChannelsPerClient = 2);
        var client = await chat.IrcAsync("j");

        await client.SendAsync("JOIN #a,#b,#c");
        await client.ExpectAsync(" 366 j #b ");
        Assert.Equal(":irc.test 405 j #c :You have joined too many channels", await client.ReadLineAsync());
    }

    [Fact]
    public async Task ALineOfExactly512BytesIsReadAndOneByteMoreIs417()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("b");
        var prefix = "PRIVMSG b :";

        await a.SendAsync(prefix + new string('x', 510 - prefix.Length), prefix + new string('y', 511 - prefix.Length));
        Assert.Equal(":irc.test 417 a :Input line was too long", await a.ReadLineAsync());
        // The relay adds a's prefix: the line b reads is cut to 512 bytes with its CR LF, never longer.
        var relayed = await b.ReadLineAsync();
        Assert.StartsWith(":a!a@127.0.0.1 PRIVMSG b :xxx", relayed);
        Assert.Equal(510, Encoding.UTF8.GetByteCount(relayed!));
        Assert.Empty(await b.SyncAsync());
    }

    [Fact]
    public async Task APlainClientsOversizeLineIsRefusedAndTheClientGoesOn()
    {
        await using var chat = new ChatHarness();
        var plain = await chat.PlainAsync("pat");
        var irc = await chat.IrcAsync("ira");
        await irc.SendAsync("JOIN #lobby");
        await plain.ExpectAsync("* ira has joined #lobby");

        await plain.SendAsync(new string('z', 600), "still here");
        Assert.Equal("* Line too long: at most 510 bytes", await plain.ReadLineAsync());
        Assert.Equal(":pat!user@127.0.0.1 PRIVMSG #lobby :still here", await irc.ExpectAsync("PRIVMSG"));
    }

    [Fact]
    public async Task BadInputIsLoggedOncePerIntervalWithTheCountHeldBack()
    {
        var log = new RecordingLoggerFactory();
        await using var chat = new ChatHarness(loggerFactory: log);
        var client = await chat.IrcAsync("noisy");

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync(new string('x', 600));
            await client.ExpectAsync(" 417 ");
        }

        Assert.Single(log.WithEvent("ChatBadInput"));
        chat.Clock.Advance(TimeSpan.FromSeconds(11));
        await client.SendAsync(new string('x', 600));
        await client.ExpectAsync(" 417 ");
        var lines = log.WithEvent("ChatBadInput");
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("(4 more not logged)", lines[1].Message);
    }
}
