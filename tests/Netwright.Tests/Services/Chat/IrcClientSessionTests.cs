using System.Text;
using Netwright.Services.Chat;
using Netwright.Testing;

namespace Netwright.Tests.Services.Chat;

public sealed class IrcClientSessionTests
{
    [Fact]
    public async Task RegistrationSendsCapNickAndUserThenCapEndAfterTheLastCapList()
    {
        await using var connection = new InMemoryConnection();
        using var session = new IrcClientSession(connection.Transport, new IrcClientOptions { Nick = "alice", RealName = "Alice A" });
        await session.StartAsync().DefaultTimeout();
        Assert.Equal("CAP LS 302", await connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Equal("NICK alice", await connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Equal("USER alice 0 * :Alice A", await connection.PeerReadLineAsync().DefaultTimeout());

        await connection.PeerWriteAsync(":irc.test CAP * LS * :multi-prefix\r\n:irc.test CAP * LS :sasl\r\n");
        Assert.Equal("CAP", (await session.ReadMessageAsync().DefaultTimeout())!.Command);
        Assert.False(session.Registered.IsCompleted);
        Assert.Equal("CAP", (await session.ReadMessageAsync().DefaultTimeout())!.Command);
        Assert.Equal("CAP END", await connection.PeerReadLineAsync().DefaultTimeout());

        await connection.PeerWriteAsync(":irc.test 001 alice :Welcome\r\n");
        await session.ReadMessageAsync().DefaultTimeout();
        Assert.Equal("irc.test", (await session.Registered.DefaultTimeout()).Source);
        Assert.Equal("irc.test", session.ServerName);
    }

    [Fact]
    public async Task ANicknameInUseIsRetriedWithASuffixUntilOneIsFree()
    {
        await using var connection = new InMemoryConnection();
        using var session = await StartedAsync(connection, "bob");
        await connection.PeerWriteAsync(":irc.test 433 * bob :Nickname is already in use\r\n");
        await session.ReadMessageAsync().DefaultTimeout();
        Assert.Equal("NICK bob_", await connection.PeerReadLineAsync().DefaultTimeout());
        await connection.PeerWriteAsync(":irc.test 433 * bob_ :Nickname is already in use\r\n");
        await session.ReadMessageAsync().DefaultTimeout();
        Assert.Equal("NICK bob2", await connection.PeerReadLineAsync().DefaultTimeout());
        await connection.PeerWriteAsync(":irc.test 001 bob2 :Welcome\r\n");
        await session.ReadMessageAsync().DefaultTimeout();
        Assert.Equal("bob2", session.Nick);
        Assert.True(session.Registered.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RegistrationFailsWhenEveryNicknameIsTaken()
    {
        await using var connection = new InMemoryConnection();
        using var session = new IrcClientSession(connection.Transport, new IrcClientOptions { Nick = "bob", NickRetries = 1 });
        await session.StartAsync().DefaultTimeout();
        await connection.PeerWriteAsync(":s 433 * bob :in use\r\n:s 433 * bob_ :in use\r\n");
        await session.ReadMessageAsync().DefaultTimeout();
        var error = await Assert.ThrowsAsync<IrcClientException>(() => session.ReadMessageAsync().DefaultTimeout());
        Assert.Contains("no free nickname after 2 tries", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IrcClientException>(() => session.Registered.DefaultTimeout());
    }

    [Fact]
    public async Task AnErroneousNicknameFailsRegistrationAtOnce()
    {
        await using var connection = new InMemoryConnection();
        using var session = await StartedAsync(connection, "b-b");
        await connection.PeerWriteAsync(":s 432 * b-b :Erroneous nickname\r\n");
        var error = await Assert.ThrowsAsync<IrcClientException>(() => session.ReadMessageAsync().DefaultTimeout());
        Assert.Contains("432 b-b Erroneous nickname", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingIsAnsweredWithPongBeforeAndAfterRegistration()
    {
        await using var connection = new InMemoryConnection();
        using var session = await StartedAsync(connection, "carol");
        await connection.PeerWriteAsync("PING :12345\r\n");
        Assert.Equal("PING", (await session.ReadMessageAsync().DefaultTimeout())!.Command);
        Assert.Equal("PONG :12345", await connection.PeerReadLineAsync().DefaultTimeout());
        await connection.PeerWriteAsync(":s 001 carol :hi\r\n:s PING s\r\n");
        await session.ReadMessageAsync().DefaultTimeout();
        await session.ReadMessageAsync().DefaultTimeout();
        Assert.Equal("PONG :s", await connection.PeerReadLineAsync().DefaultTimeout());
    }

    [Fact]
    public async Task OurOwnNickChangeIsTrackedUnderRfc1459CaseMapping()
    {
        await using var connection = new InMemoryConnection();
        using var session = await StartedAsync(connection, "Dave[1]");
        await connection.PeerWriteAsync(":s 001 Dave[1] :hi\r\n:dave{1}!u@h NICK :david\r\n:other!u@h NICK :x\r\n");
        for (var i = 0; i < 3; i++)
        {
            await session.ReadMessageAsync().DefaultTimeout();
        }

        Assert.Equal("david", session.Nick);
    }

    [Fact]
    public async Task MessagesArriveWholeWhenTheBytesComeOneAtATime()
    {
        await using var connection = new InMemoryConnection();
        using var session = await StartedAsync(connection, "eve");
        var text = ":bob!b@h PRIVMSG #room :h\u00e9llo there\r\n:bob!b@h PRIVMSG eve :\u0001ACTION waves\u0001\n";
        var writing = connection.PeerWriteChunksAsync(ByteSplits.OneByteAtATime(Encoding.UTF8.GetBytes(text)));
        var first = await session.ReadMessageAsync().DefaultTimeout();
        var second = await session.ReadMessageAsync().DefaultTimeout();
        await writing.DefaultTimeout();
        Assert.Equal(["#room", "h\u00e9llo there"], first!.Parameters);
        Assert.Equal("bob", first.SourceNick);
        Assert.Equal("waves", IrcClientSession.ActionText(second![1]!));
    }

    [Fact]
    public async Task AnOversizeLineIsSkippedAndLatin1TextIsStillRead()
    {
        await using var connection = new InMemoryConnection();
        using var session = new IrcClientSession(connection.Transport, new IrcClientOptions { Nick = "f", MaxLineLength = 600 });
        await session.StartAsync().DefaultTimeout();
        await connection.PeerWriteAsync(":x PRIVMSG f :" + new string('a', 5000) + "\r\n");
        await connection.PeerWriteAsync(Encoding.Latin1.GetBytes(":x PRIVMSG f :caf\u00e9\r\n"));
        var message = await session.ReadMessageAsync().DefaultTimeout();
        Assert.Equal("caf\u00e9", message![1]);
    }

    [Fact]
    public async Task TheLastLineIsReadEvenWithoutCrLfAndThenTheEndIsNull()
    {
        await using var connection = new InMemoryConnection();
        using var session = await StartedAsync(connection, "g");
        await connection.PeerWriteAsync(":s 001 g :hi\r\nERROR :Closing Link");
        connection.PeerEndOfStream();
        Assert.Equal("001", (await session.ReadMessageAsync().DefaultTimeout())!.Command);
        Assert.Equal("Closing Link", (await session.ReadMessageAsync().DefaultTimeout())![0]);
        Assert.Null(await session.ReadMessageAsync().DefaultTimeout());
    }

    [Fact]
    public async Task ALineWithCrOrLfIsRefusedBeforeItCanSmuggleASecondCommand()
    {
        await using var connection = new InMemoryConnection();
        using var session = new IrcClientSession(connection.Transport, new IrcClientOptions { Nick = "h" });
        await Assert.ThrowsAsync<ArgumentException>(() => session.SendMessageAsync("#a", "hi\r\nQUIT"));
        Assert.Throws<ArgumentException>(() => new IrcClientSession(connection.Transport, new IrcClientOptions { Nick = "two words" }));
    }

    private static async Task<IrcClientSession> StartedAsync(InMemoryConnection connection, string nick)
    {
        var session = new IrcClientSession(connection.Transport, new IrcClientOptions { Nick = nick });
        await session.StartAsync().DefaultTimeout();
        for (var i = 0; i < 3; i++)
        {
            await connection.PeerReadLineAsync().DefaultTimeout();
        }

        return session;
    }
}
