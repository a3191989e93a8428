using Netwright.Testing;

namespace Netwright.Tests.Services.Chat;

public sealed class IrcMessageAndModeTests
{
    [Fact]
    public async Task PrivmsgAndNoticeReachChannelsAndNicksWithTheirErrors()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("b");
        await a.SendAsync("JOIN #m");
        await a.ExpectAsync(" 366 ");
        await b.SendAsync("JOIN #m");
        await a.ExpectAsync("b!b@127.0.0.1 JOIN");
        await b.ExpectAsync(" 366 ");

        await a.SendAsync("PRIVMSG #m :hi all", "NOTICE B :psst", "PRIVMSG", "PRIVMSG #m", "PRIVMSG ghost :x", "PRIVMSG #none :x", "NOTICE ghost :x");
        Assert.Equal(":a!a@127.0.0.1 PRIVMSG #m :hi all", await b.ReadLineAsync());
        Assert.Equal(":a!a@127.0.0.1 NOTICE b :psst", await b.ReadLineAsync());
        Assert.Equal(":irc.test 411 a :No recipient given (PRIVMSG)", await a.ReadLineAsync());
        Assert.Equal(":irc.test 412 a :No text to send", await a.ReadLineAsync());
        Assert.Equal(":irc.test 401 a ghost :No such nick/channel", await a.ReadLineAsync());
        Assert.Equal(":irc.test 403 a #none :No such channel", await a.ReadLineAsync());
        Assert.Empty(await a.SyncAsync());
    }

    [Fact]
    public async Task NoExternalMessagesAndModeratedChannelsAnswer404()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        var member = await chat.IrcAsync("member");
        var outsider = await chat.IrcAsync("outsider");
        await op.SendAsync("JOIN #n");
        await op.ExpectAsync(" 366 ");
        await member.SendAsync("JOIN #n");
        await op.ExpectAsync("member!member@127.0.0.1 JOIN");

        await outsider.SendAsync("PRIVMSG #n :let me in");
        Assert.Equal(":irc.test 404 outsider #n :Cannot send to channel", await outsider.ReadLineAsync());
        await op.SendAsync("MODE #n +m");
        await member.ExpectAsync("MODE #n +m");
        await member.SendAsync("PRIVMSG #n :quiet?");
        Assert.Equal(":irc.test 404 member #n :Cannot send to channel", await member.ReadLineAsync());
        await op.SendAsync("MODE #n +v member");
        await member.ExpectAsync("MODE #n +v member");
        await member.SendAsync("PRIVMSG #n :voiced");
        Assert.Equal(":member!member@127.0.0.1 PRIVMSG #n :voiced", await op.ExpectAsync("PRIVMSG"));
    }

    [Fact]
    public async Task KeyLimitAndBanModesRefuseJoinsWithTheirNumerics()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        var x = await chat.IrcAsync("x");
        await op.SendAsync("JOIN #c", "MODE #c +kl key 1");
        Assert.Equal(":op!op@127.0.0.1 MODE #c +kl key 1", await op.ExpectAsync(" MODE "));

        await x.SendAsync("JOIN #c", "JOIN #c key");
        Assert.Equal(":irc.test 475 x #c :Cannot join channel (+k)", await x.ReadLineAsync());
        Assert.Equal(":irc.test 471 x #c :Cannot join channel (+l)", await x.ReadLineAsync());
        await op.SendAsync("MODE #c -kl *", "MODE #c +b x", "MODE #c b");
        Assert.Equal(":op!op@127.0.0.1 MODE #c -kl *", await op.ReadLineAsync());
        Assert.Equal(":op!op@127.0.0.1 MODE #c +b x!*@*", await op.ReadLineAsync());
        Assert.StartsWith(":irc.test 367 op #c x!*@* op!op@127.0.0.1 ", await op.ReadLineAsync());
        Assert.Equal(":irc.test 368 op #c :End of channel ban list", await op.ReadLineAsync());
        await x.SendAsync("JOIN #c");
        Assert.Equal(":irc.test 474 x #c :Cannot join channel (+b)", await x.ReadLineAsync());
    }

    [Fact]
    public async Task ModeChangesNeedAnOperatorAndKnownModesAndMembers()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        var user = await chat.IrcAsync("user");
        await op.SendAsync("JOIN #t");
        await op.ExpectAsync(" 366 ");
        await user.SendAsync("JOIN #t");
        await op.ExpectAsync("user!user@127.0.0.1 JOIN");
        await user.ExpectAsync(" 366 ");

        await user.SendAsync("MODE #t +i", "TOPIC #t :mine", "MODE #none");
        Assert.Equal(":irc.test 482 user #t :You're not channel operator", await user.ReadLineAsync());
        Assert.Equal(":irc.test 482 user #t :You're not channel operator", await user.ReadLineAsync());
        Assert.Equal(":irc.test 403 user #none :No such channel", await user.ReadLineAsync());
        await op.SendAsync("MODE #t +z", "MODE #t +o ghost", "MODE #t +k", "MODE #t -t+o user");
        Assert.Contains(" 472 op z ", await op.ReadLineAsync());
        Assert.Contains(" 401 op ghost ", await op.ReadLineAsync());
        Assert.Contains(" 461 op MODE ", await op.ReadLineAsync());
        Assert.Equal(":op!op@127.0.0.1 MODE #t -t+o user", await op.ReadLineAsync());
        await user.ExpectAsync("MODE #t -t+o user");
        await user.SendAsync("TOPIC #t :now I can", "NAMES #t");
        Assert.Equal(":user!user@127.0.0.1 TOPIC #t :now I can", await user.ReadLineAsync());
        Assert.Equal(":irc.test 353 user = #t :@op @user", await user.ReadLineAsync());
    }

    [Fact]
    public async Task UserModesAnswer221AndRefuseOtherUsers()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        await chat.IrcAsync("b");

        await a.SendAsync("MODE a +i", "MODE a", "MODE b +i", "MODE a +q", "MODE ghost");
        Assert.Equal(":a MODE a :+i", await a.ReadLineAsync());
        Assert.Equal(":irc.test 221 a +i", await a.ReadLineAsync());
        Assert.Equal(":irc.test 502 a :Can't change mode for other users", await a.ReadLineAsync());
        Assert.Equal(":irc.test 501 a :Unknown MODE flag", await a.ReadLineAsync());
        Assert.Contains(" 401 a ghost ", await a.ReadLineAsync());
    }

    [Fact]
    public async Task AwayIsonUserhostWhoisAndWho()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("b");
        await b.SendAsync("JOIN #w", "AWAY :lunch");
        Assert.Equal(":irc.test 306 b :You have been marked as being away", await b.ExpectAsync(" 306 "));

        await a.SendAsync("PRIVMSG b :hello", "ISON b ghost a", "USERHOST b", "WHOIS b", "WHO b", "WHOIS ghost");
        Assert.Equal(":irc.test 301 a b :lunch", await a.ReadLineAsync());
        Assert.Equal(":irc.test 303 a :b a", await a.ReadLineAsync());
        Assert.Equal(":irc.test 302 a :b=-b@127.0.0.1", await a.ReadLineAsync());
        var whois = await a.ReadUntilAsync(" 318 ");
        Assert.Equal(":irc.test 311 a b b 127.0.0.1 * :b Real", whois[0]);
        Assert.Contains(":irc.test 319 a b :@#w", whois);
        Assert.Contains(":irc.test 312 a b irc.test :Netwright chat", whois);
        Assert.Contains(":irc.test 301 a b :lunch", whois);
        Assert.Equal(":irc.test 352 a #w b 127.0.0.1 irc.test b G@ :0 b Real", await a.ReadLineAsync());
        Assert.Equal(":irc.test 315 a b :End of /WHO list", await a.ReadLineAsync());
        Assert.Equal(":irc.test 401 a ghost :No such nick/channel", await a.ReadLineAsync());
        Assert.Equal(":irc.test 318 a ghost :End of /WHOIS list", await a.ReadLineAsync());
        await b.SendAsync("AWAY");
        Assert.Equal(":irc.test 305 b :You are no longer marked as being away", await b.ExpectAsync(" 305 "));
    }

    [Fact]
    public async Task NickChangesReachSharedChannelsAndCaseOnlyChangesAreAllowed()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("bob");
        await a.SendAsync("JOIN #n");
        await a.ExpectAsync(" 366 ");
        await b.SendAsync("JOIN #n");
        await a.ExpectAsync("bob!bob@127.0.0.1 JOIN");

        await b.SendAsync("NICK Bob", "NICK a");
        Assert.Equal(":bob!bob@127.0.0.1 NICK :Bob", await a.ReadLineAsync());
        Assert.Equal(":bob!bob@127.0.0.1 NICK :Bob", await b.ExpectAsync("NICK"));
        Assert.Equal(":irc.test 433 Bob a :Nickname is already in use", await b.ReadLineAsync());
    }

    [Fact]
    public async Task AnOversizeLineGets417AndTheConnectionGoesOn()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");

        await a.SendAsync("PRIVMSG a :" + new string('x', 2000), "PING :still");
        Assert.Equal(":irc.test 417 a :Input line was too long", await a.ReadLineAsync());
        Assert.Equal(":irc.test PONG irc.test :still", await a.ReadLineAsync());
    }

    [Fact]
    public async Task MalformedLinesAndLatin1TextDoNotBreakTheConnection()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");

        await a.SendAsync(":", "   ", "@only-tags", ":prefix");
        await a.Connection.PeerWriteAsync(new byte[] { 0x50, 0x52, 0x49, 0x56, 0x4D, 0x53, 0x47, 0x20, 0x61, 0x20, 0x3A, 0xE9, 0x00, 0x0D, 0x0A });
        Assert.Equal(":a!a@127.0.0.1 PRIVMSG a :é", await a.ReadLineAsync());
        Assert.Empty(await a.SyncAsync());
    }
}
