namespace Netwright.Chat.Redis.Tests;

/// <summary>Two chat nodes joined through a real redis-server: one chat across them.</summary>
public sealed class ChatClusterTests : ClusterTestBase
{
    [Fact]
    public async Task MessagesJoinsPartsNickChangesTopicsAndQuitsReachTheRoomOnTheOtherNode()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#t"));
        await alice.SendAsync("PRIVMSG #t :said before pat came\r\nJOIN #lobby\r\nPRIVMSG #lobby :anyone?\r\n");

        // A plain client on the other node. Once it has heard alice in #lobby (live, or in the history if it came
        // later), its node has had alice's earlier events too: nodes hear each other's events in order.
        var pat = await Own(ChatTestClient.ConnectAsync(b.Port));
        await pat.SendAsync("pat\r\n");
        await pat.ExpectAsync("<alice> anyone?");
        await pat.SendAsync("/join #t\r\n");
        await pat.ExpectAsync("<alice> said before pat came");
        await alice.ExpectAsync(":pat!user@127.0.0.1 JOIN #t");
        await alice.SendAsync("PRIVMSG #t :hello pat\r\n");
        await pat.ExpectAsync("<alice> hello pat");
        await pat.SendAsync("hi alice\r\n");
        await alice.ExpectAsync(":pat!user@127.0.0.1 PRIVMSG #t :hi alice");

        // NAMES, WHO and LIST see both nodes; the first in the cluster is the room's operator.
        await alice.SendAsync("NAMES #t\r\nWHO #t\r\nLIST\r\n");
        var names = await alice.ExpectAsync(" 353 alice = #t :");
        Assert.Contains("@alice", names, StringComparison.Ordinal);
        Assert.Contains(" pat", names, StringComparison.Ordinal);
        await alice.ExpectAsync(" 352 alice #t user 127.0.0.1 ");
        await alice.ExpectAsync(" 322 alice #t 2 :");
        await pat.SendAsync("/who\r\n");
        Assert.Equal("* In #t (2): pat, @alice", await pat.ExpectAsync("* In #t"));

        await alice.SendAsync("TOPIC #t :cluster news\r\n");
        await pat.ExpectAsync("* alice set the topic of #t: cluster news");
        await pat.SendAsync("/nick patty\r\n");
        await alice.ExpectAsync(":pat!user@127.0.0.1 NICK :patty");
        await alice.SendAsync("PRIVMSG patty :just for you\r\n");
        await pat.ExpectAsync("*alice* just for you");
        await alice.SendAsync("PART #t :brb\r\n");
        await pat.ExpectAsync("* alice has left #t (brb)");
        await alice.SendAsync("JOIN #t\r\n");
        await pat.ExpectAsync("* alice has joined #t");
        await alice.SendAsync("QUIT :gone\r\n");
        await pat.ExpectAsync("* alice has quit (Quit: gone)");
    }

    [Fact]
    public async Task ANicknameInUseOnOneNodeIsRefusedOnTheOtherUntilItsOwnerLeaves()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#t"));
        var bob = await Own(ChatTestClient.IrcAsync(b.Port, "bob", "#t"));
        await alice.ExpectAsync(":bob!bob@127.0.0.1 JOIN #t");
        await alice.SendAsync("PRIVMSG #t :hi bob\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 PRIVMSG #t :hi bob"); // so bob's node has had alice's registration

        var other = await Own(ChatTestClient.ConnectAsync(b.Port));
        await other.SendAsync("NICK Alice\r\n");
        await other.ExpectAsync(" 433 * Alice :Nickname is already in use");
        await bob.SendAsync("NICK ALICE\r\n");
        await bob.ExpectAsync(" 433 bob ALICE :Nickname is already in use");
        var plain = await Own(ChatTestClient.ConnectAsync(b.Port));
        await plain.SendAsync("alice\r\n");
        await plain.ExpectAsync("* alice is taken. Try another:");

        await alice.SendAsync("QUIT\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 QUIT ");
        await bob.SendAsync("NICK alice\r\n");
        await bob.ExpectAsync(":bob!bob@127.0.0.1 NICK :alice");
    }

    [Fact]
    public async Task DeliveryResumesWhenRedisStopsAndStartsAgainMidConversation()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#t"));
        var ann = await Own(ChatTestClient.IrcAsync(a.Port, "ann", "#t"));
        var bob = await Own(ChatTestClient.IrcAsync(b.Port, "bob", "#t"));
        await alice.SendAsync("PRIVMSG #t :before\r\n");
        await bob.ExpectAsync(":alice!alice@127.0.0.1 PRIVMSG #t :before");

        var lost = Task.WhenAll(Next(a.Backplane, registered: false), Next(b.Backplane, registered: false));
        await Redis.KillAsync();
        await lost.DefaultTimeout();

        // Alone, each node still serves its own clients.
        await alice.SendAsync("PRIVMSG #t :during\r\n");
        await ann.ExpectAsync(":alice!alice@127.0.0.1 PRIVMSG #t :during");

        var back = Task.WhenAll(Next(a.Backplane, registered: true), Next(b.Backplane, registered: true));
        await Redis.RestartAsync();
        await back.DefaultTimeout();
        await alice.SendAsync("PRIVMSG #t :after\r\n");
        Assert.Equal(":alice!alice@127.0.0.1 PRIVMSG #t :after", await bob.ExpectAsync(" PRIVMSG #t :after"));

        // The empty Redis has the nodes' state and claims again: alice's nickname is refused on bob's node, at once
        // (433) when that node has read alice's node again, else by the claim in Redis (a nick collision).
        var other = await Own(ChatTestClient.ConnectAsync(b.Port));
        await other.SendAsync("NICK alice\r\nUSER o 0 * :o\r\n");
        await other.ExpectAsync(" 433 * alice ", "(Nick collision)");

        await bob.SendAsync("PRIVMSG #t :and back\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 PRIVMSG #t :and back");
    }

    [Fact]
    public async Task ABurstOfMessagesReachesTheOtherNodeWholeAndInOrder()
    {
        var (a, b) = (await NodeAsync(), await NodeAsync());
        var alice = await Own(ChatTestClient.IrcAsync(a.Port, "alice", "#burst"));
        var bob = await Own(ChatTestClient.IrcAsync(b.Port, "bob", "#sync"));
        await HeardAsync(alice, bob);
        await bob.SendAsync("JOIN #burst\r\n");
        await alice.ExpectAsync(":bob!bob@127.0.0.1 JOIN #burst");

        // One write of 1,000 messages: the sending node queues them faster than Redis takes them, so they go in batches.
        const int Count = 1_000;
        await alice.SendAsync(string.Concat(Enumerable.Range(0, Count).Select(i => $"PRIVMSG #burst :n{i}\r\n")));
        for (var i = 0; i < Count; i++)
        {
            Assert.EndsWith($" PRIVMSG #burst :n{i}", await bob.ExpectAsync(" PRIVMSG #burst :"), StringComparison.Ordinal);
        }
    }

    private static Task Next(RedisChatBackplane backplane, bool registered)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backplane.RegistrationChanged += (_, now) =>
        {
            if (now == registered)
            {
                next.TrySetResult();
            }
        };
        return next.Task;
    }
}
