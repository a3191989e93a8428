using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests.Chat;

/// <summary>
/// Real irssi (Debian's) in tmux against <c>netwright serve chat</c>, with a plain line client in the same room that
/// sees every step. Each step waits for its effect (on the plain client's socket, or on irssi's screen) before the
/// next command is typed, so no keystroke reaches irssi before it is ready for it.
/// </summary>
public sealed class IrssiTests
{
    [ToolFact("irssi", "tmux")]
    public async Task IrssiRegistersJoinsTalksChangesNickPartsAndQuitsWithAPlainClientWatching()
    {
        var (serve, endpoints) = await NetwrightCli.ServeAsync("chat", "event", "--tcp", "127.0.0.1:0");
        await using var _ = serve;
        var port = NetwrightCli.PortOf(endpoints[0]);
        using var carol = await TextLineClient.ConnectAsync(port);
        await carol.SendAsync("carol");
        await carol.ExpectAsync("* Welcome, carol!");

        await using var irssi = await IrssiInTmux.StartAsync(port, "alice");
        // Registered: the welcome, LUSERS and MOTD have arrived and irssi has applied the user mode it was given.
        await irssi.WaitForScreenAsync(@"Mode change \[\+i\] for user alice");

        await irssi.TypeAsync("/join #lobby");
        await carol.ExpectAsync("* alice has joined #lobby");
        // The channel window is open, with carol in its names list, once irssi drew the 353/366 replies.
        await irssi.WaitForScreenAsync(@"\[#lobby\]");
        await irssi.WaitForScreenAsync(@"Total of 2 nicks \[1 ops, 0 halfops, 0 voices, 1 normal\]");

        await irssi.TypeAsync("hello from irssi");
        await carol.ExpectAsync("<alice> hello from irssi");
        await carol.SendAsync("hi from a plain client");
        await irssi.WaitForScreenAsync(@"<[ @+]carol> hi from a plain client");
        await irssi.TypeAsync("/me waves");
        await carol.ExpectAsync("* alice waves");

        await irssi.TypeAsync("/nick alicia");
        await carol.ExpectAsync("* alice is now known as alicia");
        await irssi.WaitForScreenAsync(@"You're now known as alicia");
        await carol.SendAsync("/nick caroline");
        await irssi.WaitForScreenAsync(@"carol is now known as caroline");

        await irssi.TypeAsync("/part #lobby off for a bit");
        await carol.ExpectAsync("* alicia has left #lobby (off for a bit)");
        // irssi closes the channel's window when its PART comes back; a JOIN typed before that would only switch
        // to the window it still has, and send nothing.
        await irssi.WaitForScreenAsync(@"^\[\(status\)\]");
        await irssi.TypeAsync("/join #lobby");
        await carol.ExpectAsync("* alicia has joined #lobby");
        await irssi.WaitForScreenAsync(@"alicia \[irssi@127\.0\.0\.1\] has joined #lobby");

        await irssi.TypeAsync("/quit see you");
        await carol.ExpectAsync("* alicia has quit (Quit: see you)");
        Assert.Equal(0, await irssi.WaitForExitAsync());

        // The room goes on for the plain client: it still talks and lists itself alone.
        await carol.SendAsync("/who");
        await carol.ExpectAsync("* In #lobby (1): @caroline");
    }
}
