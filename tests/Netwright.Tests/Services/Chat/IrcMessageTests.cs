using Netwright.Services.Chat.Internal;

namespace Netwright.Tests.Services.Chat;

public sealed class IrcMessageTests
{
    [Fact]
    public void ParsesPrefixCommandMiddleAndTrailingParameters()
    {
        var m = IrcMessage.Parse(":nick!u@h privmsg #chan :hello there: you")!;

        Assert.Equal("nick!u@h", m.Prefix);
        Assert.Equal("PRIVMSG", m.Command);
        Assert.Equal(["#chan", "hello there: you"], m.Parameters);
    }

    [Fact]
    public void SkipsTagsAndExtraSpaces()
    {
        var m = IrcMessage.Parse("@time=x   JOIN    #a,#b   key")!;

        Assert.Equal("JOIN", m.Command);
        Assert.Equal(["#a,#b", "key"], m.Parameters);
    }

    [Fact]
    public void AnEmptyTrailingParameterIsKept()
    {
        var m = IrcMessage.Parse("JOIN :")!;

        Assert.Equal([""], m.Parameters);
    }

    [Fact]
    public void TheFifteenthParameterTakesTheRestOfTheLine()
    {
        var m = IrcMessage.Parse("X " + string.Join(' ', Enumerable.Range(1, 20)))!;

        Assert.Equal(15, m.Parameters.Count);
        Assert.Equal("15 16 17 18 19 20", m.Parameters[14]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":prefix-only")]
    public void ALineWithoutACommandIsNothing(string line) => Assert.Null(IrcMessage.Parse(line));

    [Theory]
    [InlineData("CAP LS 302", true)]
    [InlineData("NICK alice", true)]
    [InlineData("USER a 0 * :A", true)]
    [InlineData("PASS secret", true)]
    [InlineData("alice", false)]
    [InlineData("nick", false)]
    [InlineData("hello there", false)]
    public void OnlyAnIrcOpeningMakesAnIrcClient(string line, bool irc) => Assert.Equal(irc, IrcMessage.LooksLikeIrcOpening(line));

    [Fact]
    public void Rfc1459CaseMappingFoldsBracketsWithLetters()
    {
        Assert.True(IrcCaseMapping.Instance.Equals("Nick[1]\\~", "nick{1}|^"));
        Assert.Equal(IrcCaseMapping.Instance.GetHashCode("A[B]"), IrcCaseMapping.Instance.GetHashCode("a{b}"));
        Assert.False(IrcCaseMapping.Instance.Equals("nick", "nick_"));
    }

    [Theory]
    [InlineData("*!*@127.0.0.1", "bob!u@127.0.0.1", true)]
    [InlineData("B?B!*@*", "bob!u@h", true)]
    [InlineData("bob!*@*", "bobby!u@h", false)]
    [InlineData("*", "anything", true)]
    public void BanMasksMatchWithWildcards(string mask, string text, bool matches) => Assert.Equal(matches, WildcardMatch.Matches(mask, text));

    [Theory]
    [InlineData("bob", "bob!*@*")]
    [InlineData("u@h", "*!u@h")]
    [InlineData("b!u", "b!u@*")]
    public void PartialBanMasksAreCompleted(string mask, string full) => Assert.Equal(full, WildcardMatch.Normalize(mask));

    [Theory]
    [InlineData("alice", true)]
    [InlineData("[w]ei^rd|_-1", true)]
    [InlineData("1abc", false)]
    [InlineData("-abc", false)]
    [InlineData("a b", false)]
    [InlineData("ünï", false)]
    [InlineData("", false)]
    public void NicknameRules(string nick, bool valid) => Assert.Equal(valid, ChatNames.IsValidNick(nick, 30));

    [Fact]
    public void NicknamesLongerThanTheLimitAreRefused() => Assert.False(ChatNames.IsValidNick(new string('a', 31), 30));

    [Theory]
    [InlineData("#lobby", true)]
    [InlineData("#ünïcode", true)]
    [InlineData("lobby", false)]
    [InlineData("#", false)]
    [InlineData("#a,b", false)]
    [InlineData("#a b", false)]
    [InlineData("#a\u0007", false)]
    public void ChannelNameRules(string name, bool valid) => Assert.Equal(valid, ChatNames.IsValidChannel(name, 50));

    [Fact]
    public void OutgoingLinesAreCutTo512BytesAtACharacterBoundary()
    {
        var bytes = IrcText.Encode("PRIVMSG #a :" + string.Concat(Enumerable.Repeat("é", 400)));

        Assert.True(bytes.Length <= 512);
        Assert.Equal("\r\n"u8.ToArray(), bytes[^2..]);
        Assert.DoesNotContain('\uFFFD', System.Text.Encoding.UTF8.GetString(bytes));
    }
}
