namespace Netwright.Chat.Redis.Tests;

/// <summary>
/// What the nodes share beyond messages: channel modes, invitations, AWAY, WHOIS and KICK, each set on one node and
/// checked on another, over a real redis-server. A client's events reach the other nodes in order, so a line a client
/// sends after a change, once heard on another node, proves that node has applied the change.
/// </summary>
public sealed class ClusterSharedStateTests : ClusterTestBase
{
    [Fact]
    public async Task ChannelModesSetOnOneNodeAreEnforcedOnTheOther()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#m"));
        var bob = await Own(ChatTestClient.IrcAsync(b.Port, "bob", "#sync"));
        await HeardAsync(alice, bob);
        await bob.SendAsync("JOIN #m\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 JOIN #m");

        // +i +m from alice (the room's operator) on A: bob's node B shows them and keeps bob quiet.
        await alice.SendAsync("MODE #m +im\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 MODE #m +im");
        await bob.SendAsync("PRIVMSG #m :may I?\r\nMODE #m\r\n");
        await bob.ExpectAsync(" 404 bob #m :Cannot send to channel");
        await bob.ExpectAsync(" 324 bob #m +imnt");

        // +v on a member of the other node lets it speak; +o lets it set the (+t) topic there.
        await alice.SendAsync("MODE #m +v bob\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 MODE #m +v bob");
        await bob.SendAsync("PRIVMSG #m :thanks\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 PRIVMSG #m :thanks");
        await alice.SendAsync("MODE #m +o bob\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 MODE #m +o bob");
        await bob.SendAsync("TOPIC #m :set on B\r\nNAMES #m\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 TOPIC #m :set on B");
        Assert.Contains("@bob", await bob.ExpectAsync(" 353 bob "), StringComparison.Ordinal);
        await alice.SendAsync("NAMES #m\r\n");
        Assert.Contains("@bob", await alice.ExpectAsync(" 353 alice "), StringComparison.Ordinal);

        // +i on B: carol needs an invitation, which alice on A can give her.
        var carol = await Own(ChatTestClient.IrcAsync(b.Port, "carol", "#other"));
        await carol.SendAsync("JOIN #m\r\n");
        await carol.ExpectAsync(" 473 carol #m :Cannot join channel (+i)");
        await HeardAsync(carol, alice);
        await alice.SendAsync("INVITE carol #m\r\n");
        await alice.ExpectAsync(" 341 alice carol #m");
        await carol.ExpectAsync(":alice!alice@127.0.0.1 INVITE carol :#m");
        await carol.SendAsync("JOIN #m\r\n");
        await carol.ExpectAsync(" 366 carol #m ");

        // +k, +l (counting the members on both nodes) and +b, set on A, refuse joins on B.
        var dave = await Own(ChatTestClient.IrcAsync(b.Port, "dave", "#other"));
        await alice.SendAsync("MODE #m -i+k secret\r\n");
        await carol.ExpectAsync(" MODE #m -i+k secret");
        await dave.SendAsync("JOIN #m wrong\r\n");
        await dave.ExpectAsync(" 475 dave #m :Cannot join channel (+k)");
        await alice.SendAsync("MODE #m -k+l secret 3\r\n");
        await carol.ExpectAsync(" MODE #m -k+l * 3");
        await dave.SendAsync("JOIN #m\r\n");
        await dave.ExpectAsync(" 471 dave #m :Cannot join channel (+l)");
        await alice.SendAsync("MODE #m -l+b dave!*@*\r\n");
        await carol.ExpectAsync(" MODE #m -l+b dave!*@*");
        await dave.SendAsync("JOIN #m\r\n");
        await dave.ExpectAsync(" 474 dave #m :Cannot join channel (+b)");
        await bob.SendAsync("MODE #m b\r\n");
        await bob.ExpectAsync(" 367 bob #m dave!*@* alice!alice@127.0.0.1 ");

        // +n (on by default): a non-member on B may not send to the room until alice turns it off on A.
        var gus = await Own(ChatTestClient.IrcAsync(b.Port, "gus", "#other"));
        await gus.SendAsync("PRIVMSG #m :from outside\r\n");
        await gus.ExpectAsync(" 404 gus #m :Cannot send to channel");
        await alice.SendAsync("MODE #m -mn\r\n");
        await carol.ExpectAsync(" MODE #m -mn");
        await gus.SendAsync("PRIVMSG #m :from outside\r\n");
        await alice.ExpectAsync(":gus!gus@127.0.0.1 PRIVMSG #m :from outside");
    }

    [Fact]
    public async Task ARoomOnlyAnotherNodeHasRefusesJoinsByItsModesAndANodeThatComesLaterReadsThem()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#solo"));
        await alice.SendAsync("MODE #solo +i\r\nPRIVMSG #solo :locked\r\n");
        var erin = await Own(ChatTestClient.IrcAsync(b.Port, "erin", "#lobby"));
        await alice.SendAsync("JOIN #lobby\r\nPRIVMSG #lobby :hello\r\n");
        await erin.ExpectAsync(":alice!alice@127.0.0.1 PRIVMSG #lobby :hello");
        await erin.SendAsync("JOIN #solo\r\n");
        await erin.ExpectAsync(" 473 erin #solo :Cannot join channel (+i)");

        // A node that starts now has heard none of the events: it reads the modes (and alice's away) from A's state.
        await alice.SendAsync("AWAY :gone fishing\r\n");
        await alice.ExpectAsync(" 306 alice ");
        var c = await NodeAsync();
        var fay = await Own(ChatTestClient.IrcAsync(c.Port, "fay", "#lobby"));
        await fay.SendAsync("JOIN #solo\r\nWHOIS alice\r\n");
        await fay.ExpectAsync(" 473 fay #solo :Cannot join channel (+i)");
        await fay.ExpectAsync(" 301 fay alice :gone fishing");
    }

    [Fact]
    public async Task AwayWhoisAndKickReachAUserOnTheOtherNode()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#t"));
        var bob = await Own(ChatTestClient.IrcAsync(b.Port, "bob", "#sync"));
        await HeardAsync(alice, bob);
        await bob.SendAsync("JOIN #t\r\n");
        await bob.ExpectAsync(" 366 bob #t ");
        var pat = await Own(ChatTestClient.ConnectAsync(b.Port));
        await pat.SendAsync("pat\r\n/join #t\r\n");
        await alice.ExpectAsync(":pat!user@127.0.0.1 JOIN #t");

        await bob.SendAsync("AWAY :at lunch\r\nPRIVMSG #t :brb\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 PRIVMSG #t :brb");
        await alice.SendAsync("PRIVMSG bob :are you there?\r\n");
        await alice.ExpectAsync(" 301 alice bob :at lunch");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 PRIVMSG bob :are you there?");

        // WHOIS of a user on another node names that node as its server (312).
        await alice.SendAsync("WHOIS bob\r\n");
        Assert.EndsWith(" 311 alice bob bob 127.0.0.1 * :bob", await alice.ExpectAsync(" 311 "), StringComparison.Ordinal);
        Assert.EndsWith(" 319 alice bob :@#sync #t", await alice.ExpectAsync(" 319 "), StringComparison.Ordinal);
        Assert.Contains($" 312 alice bob {b.Backplane.NodeId} :", await alice.ExpectAsync(" 312 "), StringComparison.Ordinal);
        await alice.ExpectAsync(" 301 alice bob :at lunch");
        await alice.ExpectAsync(" 318 alice bob :End of /WHOIS list");
        await alice.SendAsync("WHO bob\r\n");
        await alice.ExpectAsync($" 127.0.0.1 {b.Backplane.NodeId} bob G");

        await bob.SendAsync("AWAY\r\nPRIVMSG #t :back\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 PRIVMSG #t :back");
        await alice.SendAsync("WHO bob\r\n");
        await alice.ExpectAsync($" 127.0.0.1 {b.Backplane.NodeId} bob H");

        // KICK of a member on another node: everyone hears it, and the victim's node takes it out of the room.
        await alice.SendAsync("KICK #t pat :too loud\r\n");
        await alice.ExpectAsync(":alice!alice@127.0.0.1 KICK #t pat :too loud");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 KICK #t pat :too loud");
        await pat.ExpectAsync("* pat was kicked from #t by alice (too loud)");
        await bob.SendAsync("NAMES #t\r\n");
        Assert.DoesNotContain("pat", await bob.ExpectAsync(" 353 bob "), StringComparison.Ordinal);
        await alice.SendAsync("NAMES #t\r\n");
        Assert.DoesNotContain("pat", await alice.ExpectAsync(" 353 alice "), StringComparison.Ordinal);

        // The other way: bob, made an operator from A, kicks alice from B.
        await alice.SendAsync("MODE #t +o bob\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 MODE #t +o bob");
        await bob.SendAsync("KICK #t alice :your turn\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 KICK #t alice :your turn");
        await alice.SendAsync("JOIN #t\r\n");
        Assert.DoesNotContain("@alice", await alice.ExpectAsync(" 353 alice "), StringComparison.Ordinal);
        await bob.ExpectAsync(":alice!alice@127.0.0.1 JOIN #t");
    }
}
