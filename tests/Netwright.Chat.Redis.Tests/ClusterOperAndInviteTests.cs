namespace Netwright.Chat.Redis.Tests;

/// <summary>
/// OPER, USERHOST and invitations across the cluster, over a real redis-server: an operator on one node may kick and
/// set modes in a room only another node has, every node knows who is an operator, and an invitation reaches a node
/// that starts after it was given.
/// </summary>
public sealed class ClusterOperAndInviteTests : ClusterTestBase
{
    [Fact]
    public async Task AnOperatorOnOneNodeKicksAndSetsModesInARoomOnlyTheOtherNodeHasAndEveryNodeKnowsItIsOne()
    {
        var (a, b) = (await NodeAsync(o => o.Operators["boss"] = "hunter2"), await NodeAsync());
        var bob = await Own(ChatTestClient.IrcAsync(b.Port, "bob", "#sync"));
        var carol = await Own(ChatTestClient.IrcAsync(b.Port, "carol", "#b"));
        await bob.SendAsync("JOIN #b\r\n");
        await bob.ExpectAsync(" 366 bob #b ");
        var oscar = await Own(ChatTestClient.IrcAsync(a.Port, "oscar", "#sync"));
        await oscar.SendAsync("KICK #b carol\r\n");
        await oscar.ExpectAsync(" 403 oscar #b :No such channel");

        await oscar.SendAsync("OPER boss hunter2\r\n");
        await oscar.ExpectAsync(" 381 oscar ");
        await HeardAsync(oscar, bob);
        await HeardAsync(carol, oscar);

        // B knows oscar is an operator: WHOIS 313, USERHOST's '*' and WHO's flag.
        await bob.SendAsync("WHOIS oscar\r\nUSERHOST oscar carol\r\nWHO oscar\r\n");
        await bob.ExpectAsync(" 313 bob oscar :is an IRC operator");
        Assert.EndsWith(" 302 bob :oscar*=+oscar@127.0.0.1 carol=+carol@127.0.0.1", await bob.ExpectAsync(" 302 "), StringComparison.Ordinal);
        // WHO shows the user's first room's prefix after the flags: oscar may be #sync's operator too (a race of the two joins).
        await bob.ExpectAsync($" 127.0.0.1 {a.Backplane.NodeId} oscar H*");

        // A has no member of #b, yet its operator sets a mode there and kicks a member; B applies both.
        await oscar.SendAsync("MODE #b +m\r\n");
        await bob.ExpectAsync(":oscar!oscar@127.0.0.1 MODE #b +m");
        await oscar.SendAsync("KICK #b carol :out\r\n");
        await carol.ExpectAsync(":oscar!oscar@127.0.0.1 KICK #b carol :out");
        await bob.ExpectAsync(":oscar!oscar@127.0.0.1 KICK #b carol :out");
        await bob.SendAsync("NAMES #b\r\nMODE #b\r\n");
        Assert.DoesNotContain("carol", await bob.ExpectAsync(" 353 bob "), StringComparison.Ordinal);
        await bob.ExpectAsync(" 324 bob #b +mnt");

        // Once no longer an operator (MODE -o), neither: B sees it, and A refuses the room again.
        await oscar.SendAsync("MODE oscar -o\r\n");
        await oscar.ExpectAsync(":oscar MODE oscar :-o");
        await HeardAsync(oscar, bob);
        await bob.SendAsync("USERHOST oscar\r\n");
        Assert.EndsWith(" 302 bob :oscar=+oscar@127.0.0.1", await bob.ExpectAsync(" 302 "), StringComparison.Ordinal);
        await oscar.SendAsync("KICK #b bob\r\n");
        await oscar.ExpectAsync(" 403 oscar #b :No such channel");
    }

    [Fact]
    public async Task AnInvitationReachesANodeThatStartsLater()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#sync"));
        await alice.SendAsync("JOIN #inv\r\nMODE #inv +i\r\n");
        await alice.ExpectAsync(":alice!alice@127.0.0.1 MODE #inv +i");
        var bob = await Own(ChatTestClient.IrcAsync(b.Port, "bob", "#sync"));
        await HeardAsync(bob, alice);
        await alice.SendAsync("INVITE bob #inv\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 INVITE bob :#inv");

        // bob leaves B, and comes back through a node that starts now (behind a load balancer): it reads the invitation.
        await bob.SendAsync("QUIT\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 QUIT");
        var c = await NodeAsync();
        var carl = await Own(ChatTestClient.IrcAsync(c.Port, "carl", "#lobby"));
        await carl.SendAsync("JOIN #inv\r\n");
        await carl.ExpectAsync(" 473 carl #inv :Cannot join channel (+i)");
        var bobAgain = await Own(ChatTestClient.IrcAsync(c.Port, "bob", "#lobby"));
        await bobAgain.SendAsync("JOIN #inv\r\n");
        await bobAgain.ExpectAsync(" 366 bob #inv ");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 JOIN #inv");
    }
}
