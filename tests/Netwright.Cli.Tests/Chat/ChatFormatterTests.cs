using Netwright.Cli.Commands.Chat;
using Netwright.Services.Chat;

namespace Netwright.Cli.Tests.Chat;

public sealed class ChatFormatterTests
{
    [Theory]
    [InlineData(":bob!b@h PRIVMSG #room :hi", "<bob> hi", true)]
    [InlineData(":bob!b@h PRIVMSG #other :hi", "[#other] <bob> hi", true)]
    [InlineData(":bob!b@h PRIVMSG me :psst", "*bob* psst", true)]
    [InlineData(":bob!b@h PRIVMSG #room :\u0001ACTION waves\u0001", "* bob waves", true)]
    [InlineData(":bob!b@h NOTICE #room :note", "-bob- note", true)]
    [InlineData(":irc.test NOTICE me :Connection statistics", "-irc.test- Connection statistics", false)]
    [InlineData(":bob!b@h JOIN #room", "* bob has joined #room", true)]
    [InlineData(":bob!b@h PART #room :bye", "* bob has left #room (bye)", true)]
    [InlineData(":bob!b@h QUIT :Client Quit", "* bob has quit (Client Quit)", true)]
    [InlineData(":bob!b@h NICK rob", "* bob is now known as rob", true)]
    [InlineData(":bob!b@h KICK #room me :out", "* me was kicked from #room by bob (out)", true)]
    [InlineData(":bob!b@h TOPIC #room :new topic", "* bob sets the topic of #room: new topic", true)]
    [InlineData(":bob!b@h MODE #room +o me", "* bob sets mode +o me on #room", true)]
    [InlineData(":s 433 me rob :Nickname is already in use", "- rob Nickname is already in use", false)]
    [InlineData(":s 353 me = #room :@bob me", "* names #room: @bob me", false)]
    public void ServerMessagesBecomeReadableLines(string line, string expected, bool isChat)
    {
        var formatted = ChatFormatter.Format(IrcClientMessage.Parse(line)!, "me", "#room");

        Assert.Equal(new ChatLine(expected, isChat), formatted);
    }

    [Theory]
    [InlineData("PING :x")]
    [InlineData(":s CAP * LS :")]
    [InlineData(":s 366 me #room :End of /NAMES list")]
    public void HousekeepingIsNotShown(string line) => Assert.Null(ChatFormatter.Format(IrcClientMessage.Parse(line)!, "me", "#room"));
}
