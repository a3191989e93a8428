using System.Text;

namespace Netwright.LoadGen.Tests;

public sealed class ChatWireTests
{
    private static readonly byte[] s_channel = "#bench"u8.ToArray();

    [Fact]
    public void AWrittenMessageReadsBackAsRelayedWithItsNumberAndTimestamp()
    {
        var buffer = new byte[512];
        var prefix = ChatWire.MessagePrefix("#bench");
        var length = ChatWire.WriteMessage(buffer, prefix, 42, 1234567890123, 64);

        var sent = Encoding.ASCII.GetString(buffer, 0, length);
        Assert.Equal(ChatWire.MessageLength(prefix.Length, 64), length);
        Assert.StartsWith("PRIVMSG #bench :00000042 0000001234567890123 ", sent, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", sent, StringComparison.Ordinal);
        Assert.Equal(64, sent.Length - "PRIVMSG #bench :".Length - 2);

        var relayed = ":nick!user@host " + sent[..^2];
        Assert.True(ChatWire.TryParse(Encoding.ASCII.GetBytes(relayed), s_channel, out var line, out var problem), problem);
        Assert.Equal(new ServerLine(ServerLineKind.Message, 42, 1234567890123), line);
    }

    [Fact]
    public void AMessageWithChangedPaddingIsReported()
    {
        var buffer = new byte[512];
        var length = ChatWire.WriteMessage(buffer, ChatWire.MessagePrefix("#bench"), 7, 1, 40);
        buffer[length - 3] ^= 0x01;

        Assert.False(ChatWire.TryParse(buffer.AsSpan(0, length - 2), s_channel, out _, out var problem));
        Assert.Equal("message 7 arrived with its text changed", problem);
    }

    [Theory]
    [InlineData(":a!b@c PRIVMSG #bench :hello there, not a benchmark message")]
    [InlineData(":a!b@c PRIVMSG #bench :0000000x 0000000000000000001 abc")]
    public void AMalformedMessageInTheChannelIsReported(string text)
    {
        Assert.False(ChatWire.TryParse(Encoding.ASCII.GetBytes(text), s_channel, out _, out var problem));
        Assert.StartsWith("a benchmark message arrived with a malformed header", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PING :irc.example", "Ping")]
    [InlineData(":irc.example 366 bx1 #bench :End of /NAMES list.", "Joined")]
    [InlineData(":irc.example 366 bx1 #other :End of /NAMES list.", "Other")]
    [InlineData(":irc.example PONG irc.example :netwright-probe", "ProbeAnswer")]
    [InlineData(":irc.example PONG irc.example :something-else", "Other")]
    [InlineData("ERROR :Closing Link: 127.0.0.1 (SendQ exceeded)", "Error")]
    [InlineData(":irc.example 433 * bx1 :Nickname is already in use", "Refused")]
    [InlineData(":irc.example 474 bx1 #bench :Cannot join channel (+b)", "Refused")]
    [InlineData(":irc.example 422 bx1 :MOTD File is missing", "Other")]
    [InlineData(":irc.example 001 bx1 :Welcome", "Other")]
    [InlineData(":bx2!u@h JOIN #bench", "Other")]
    [InlineData(":a!b@c PRIVMSG bx1 :a private message", "Other")]
    [InlineData("", "Other")]
    public void ServerLinesAreReadForWhatTheClientMustDo(string text, string kind)
    {
        Assert.True(ChatWire.TryParse(Encoding.ASCII.GetBytes(text), s_channel, out var line, out _));
        Assert.Equal(Enum.Parse<ServerLineKind>(kind), line.Kind);
    }

    [Fact]
    public void APingIsAnsweredWithItsOwnToken()
    {
        Assert.True(ChatWire.TryParse("PING :token 123"u8, s_channel, out var line, out _));
        Assert.Equal(":token 123", Encoding.ASCII.GetString(line.Token!));
    }

    [Fact]
    public void RegistrationSendsNickUserAndJoin()
    {
        Assert.Equal("NICK bx1\r\nUSER bx1 0 * :netwright bench\r\nJOIN #bench\r\n", Encoding.ASCII.GetString(ChatWire.Registration("bx1", "#bench")));
    }
}
