using Netwright.Testing;

namespace Netwright.Tests.Services.Chat;

public sealed class IrcChannelTests
{
    [Fact]
    public async Task JoinEchoesThenSendsTopicAndNamesWithTheFirstJoinerAsOperator()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("b");

        await a.SendAsync("JOIN #Room", "TOPIC #room :the topic");
        Assert.Equal(":a!a@127.0.0.1 JOIN #Room", await a.ReadLineAsync());
        Assert.Equal(":irc.test 353 a = #Room :@a", await a.ReadLineAsync());
        Assert.Equal(":irc.test 366 a #Room :End of /NAMES list", await a.ReadLineAsync());
        Assert.Equal(":a!a@127.0.0.1 TOPIC #Room :the topic", await a.ReadLineAsync());

        await b.SendAsync("JOIN #ROOM");
        Assert.Equal(":b!b@127.0.0.1 JOIN #Room", await b.ReadLineAsync());
        Assert.Equal(":irc.test 332 b #Room :the topic", await b.ReadLineAsync());
        Assert.StartsWith(":irc.test 333 b #Room a!a@127.0.0.1 ", await b.ReadLineAsync());
        Assert.Equal(":irc.test 353 b = #Room :@a b", await b.ReadLineAsync());
        Assert.Equal(":irc.test 366 b #Room :End of /NAMES list", await b.ReadLineAsync());
        Assert.Equal(":b!b@127.0.0.1 JOIN #Room", await a.ReadLineAsync());
    }

    [Fact]
    public async Task AfterJoinIrssisModeWhoAndBanListQueriesAllAnswer()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        await a.SendAsync("JOIN #x");
        await a.ExpectAsync(" 366 ");

        await a.SendAsync("MODE #x", "WHO #x", "MODE #x b");
        Assert.Equal(":irc.test 324 a #x +nt", await a.ReadLineAsync());
        Assert.StartsWith(":irc.test 329 a #x ", await a.ReadLineAsync());
        Assert.Equal(":irc.test 352 a #x a 127.0.0.1 irc.test a H@ :0 a Real", await a.ReadLineAsync());
        Assert.Equal(":irc.test 315 a #x :End of /WHO list", await a.ReadLineAsync());
        Assert.Equal(":irc.test 368 a #x :End of channel ban list", await a.ReadLineAsync());
    }

    [Fact]
    public async Task ChannelErrorsAre403_442_461()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("b");
        await b.SendAsync("JOIN #here");
        await b.ExpectAsync(" 366 ");

        await a.SendAsync("JOIN", "JOIN bad", "PART #nowhere", "PART #here", "TOPIC #here :x", "TOPIC");
        Assert.Equal(":irc.test 461 a JOIN :Not enough parameters", await a.ReadLineAsync());
        Assert.Equal(":irc.test 403 a bad :No such channel", await a.ReadLineAsync());
        Assert.Equal(":irc.test 403 a #nowhere :No such channel", await a.ReadLineAsync());
        Assert.Equal(":irc.test 442 a #here :You're not on that channel", await a.ReadLineAsync());
        Assert.Equal(":irc.test 442 a #here :You're not on that channel", await a.ReadLineAsync());
        Assert.Equal(":irc.test 461 a TOPIC :Not enough parameters", await a.ReadLineAsync());
    }

    [Fact]
    public async Task PartIsToldToTheRoomAndAnEmptyRoomDisappears()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        var b = await chat.IrcAsync("b");
        await a.SendAsync("JOIN #p");
        await a.ExpectAsync(" 366 ");
        await b.SendAsync("JOIN #p");
        await a.ExpectAsync("b!b@127.0.0.1 JOIN");

        await b.SendAsync("PART #p :bye");
        Assert.Equal(":b!b@127.0.0.1 PART #p :bye", await a.ReadLineAsync());
        await a.SendAsync("PART #p", "LIST");
        Assert.Equal(":a!a@127.0.0.1 PART #p", await a.ReadLineAsync());
        Assert.Contains(" 321 ", await a.ReadLineAsync());
        Assert.Equal(":irc.test 323 a :End of /LIST", await a.ReadLineAsync());
    }

    [Fact]
    public async Task ListNamesAndTopicQueries()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        await a.SendAsync("JOIN #one,#two", "TOPIC #two :hello world");
        await a.ExpectAsync("TOPIC #two");

        await a.SendAsync("LIST", "NAMES #one", "TOPIC #one", "TOPIC #two");
        var list = await a.ReadUntilAsync(" 323 ");
        Assert.Contains(":irc.test 322 a #one 1 :", list);
        Assert.Contains(":irc.test 322 a #two 1 :hello world", list);
        Assert.Equal(":irc.test 353 a = #one :@a", await a.ReadLineAsync());
        Assert.Contains(" 366 a #one ", await a.ReadLineAsync());
        Assert.Equal(":irc.test 331 a #one :No topic is set", await a.ReadLineAsync());
        Assert.Equal(":irc.test 332 a #two :hello world", await a.ReadLineAsync());
    }

    [Fact]
    public async Task KickNeedsAnOperatorAndTheVictimOnTheChannel()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        var user = await chat.IrcAsync("user");
        var other = await chat.IrcAsync("other");
        await op.SendAsync("JOIN #k");
        await op.ExpectAsync(" 366 ");
        await user.SendAsync("JOIN #k");
        await op.ExpectAsync("user!user@127.0.0.1 JOIN");
        await user.ExpectAsync(" 366 ");

        await user.SendAsync("KICK #k op", "KICK #k", "KICK #none op");
        Assert.Equal(":irc.test 482 user #k :You're not channel operator", await user.ReadLineAsync());
        Assert.Contains(" 461 user KICK ", await user.ReadLineAsync());
        Assert.Contains(" 403 user #none ", await user.ReadLineAsync());
        await other.SendAsync("KICK #k user");
        Assert.Equal(":irc.test 442 other #k :You're not on that channel", await other.ReadLineAsync());
        await op.SendAsync("KICK #k other", "KICK #k ghost", "KICK #k user :behave");
        Assert.Equal(":irc.test 441 op other #k :They aren't on that channel", await op.ReadLineAsync());
        Assert.Equal(":irc.test 401 op ghost :No such nick/channel", await op.ReadLineAsync());
        Assert.Equal(":op!op@127.0.0.1 KICK #k user :behave", await op.ReadLineAsync());
        Assert.Equal(":op!op@127.0.0.1 KICK #k user :behave", await user.ReadLineAsync());
    }

    [Fact]
    public async Task InviteLetsAUserIntoAnInviteOnlyChannel()
    {
        await using var chat = new ChatHarness();
        var op = await chat.IrcAsync("op");
        var guest = await chat.IrcAsync("guest");
        await op.SendAsync("JOIN #i", "MODE #i +i");
        await op.ExpectAsync("MODE #i +i");

        await guest.SendAsync("JOIN #i", "INVITE op #i");
        Assert.Equal(":irc.test 473 guest #i :Cannot join channel (+i)", await guest.ReadLineAsync());
        Assert.Equal(":irc.test 442 guest #i :You're not on that channel", await guest.ReadLineAsync());
        await op.SendAsync("INVITE", "INVITE ghost #i", "INVITE op #i", "INVITE guest #i");
        Assert.Contains(" 461 ", await op.ReadLineAsync());
        Assert.Contains(" 401 op ghost ", await op.ReadLineAsync());
        Assert.Equal(":irc.test 443 op op #i :is already on channel", await op.ReadLineAsync());
        Assert.Equal(":irc.test 341 op guest #i", await op.ReadLineAsync());
        Assert.Equal(":op!op@127.0.0.1 INVITE guest :#i", await guest.ReadLineAsync());
        await guest.SendAsync("JOIN #i");
        Assert.Equal(":guest!guest@127.0.0.1 JOIN #i", await guest.ReadLineAsync());
    }

    [Fact]
    public async Task AServerOperatorMayKickInAnyChannel()
    {
        await using var chat = new ChatHarness(o => o.Operators["root"] = "pw");
        var owner = await chat.IrcAsync("owner");
        var admin = await chat.IrcAsync("admin");
        await owner.SendAsync("JOIN #c");
        await owner.ExpectAsync(" 366 ");
        await admin.SendAsync("OPER root pw", "KICK #c owner :policy");
        await admin.ExpectAsync(" 381 ");

        Assert.Equal(":admin!admin@127.0.0.1 KICK #c owner :policy", await owner.ReadLineAsync());
    }

    [Fact]
    public async Task JoinZeroLeavesEveryChannel()
    {
        await using var chat = new ChatHarness();
        var a = await chat.IrcAsync("a");
        await a.SendAsync("JOIN #a,#b");
        await a.ExpectAsync(" 366 a #b ");

        await a.SendAsync("JOIN 0");
        Assert.Equal(":a!a@127.0.0.1 PART #a", await a.ReadLineAsync());
        Assert.Equal(":a!a@127.0.0.1 PART #b", await a.ReadLineAsync());
    }
}
