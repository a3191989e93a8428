using System.Text.RegularExpressions;
using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests.Chat;

/// <summary><c>netwright chat</c> against another IRC server: Debian's ngIRCd.</summary>
public sealed class ChatClientNgircdTests
{
    [ToolFact("ngircd")]
    public async Task PipedChatRegistersJoinsTalksAndQuitsOnNgircd()
    {
        await using var ngircd = await NgircdServer.StartAsync();
        using var bob = await TextLineClient.ConnectAsync(ngircd.Port);
        await bob.SendAsync("NICK alice");
        await bob.SendAsync("USER bob 0 * :Bob");
        await bob.ExpectAsync(" 001 ");
        await bob.SendAsync("JOIN #test");
        await bob.ExpectAsync(" 366 ");

        // "alice" is taken by the raw client above: the chat must register as alice_.
        await using var chat = NetwrightCli.Start("chat", $"127.0.0.1:{ngircd.Port}", "--nick", "alice", "--channel", "#test");
        await bob.ExpectAsync(":alice_!");
        await chat.WriteInputAsync("hello ngircd\n/me waves\n");
        await bob.ExpectAsync("PRIVMSG #test :hello ngircd");
        await bob.ExpectAsync("PRIVMSG #test :\u0001ACTION waves\u0001");
        await bob.SendAsync("PRIVMSG #test :hi there");
        await chat.WaitForOutputAsync(new Regex("^<alice> hi there$", RegexOptions.Multiline), TestTimeouts.Exchange);
        await chat.WriteInputAsync("/nick alicia\n");
        await bob.ExpectAsync("NICK");
        chat.CloseInput();

        Assert.Equal(0, await chat.WaitForExitAsync(TestTimeouts.Exchange));
        await bob.ExpectAsync(":alicia!");
        Assert.Contains("QUIT", bob.Transcript.Split('\n')[^1], StringComparison.Ordinal);
        Assert.Contains("hello from ngircd", chat.Error, StringComparison.Ordinal);
    }
}
