using System.Globalization;
using System.Text.RegularExpressions;
using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests.Chat;

/// <summary>
/// Debian's <c>irssi</c> running inside a detached <c>tmux</c> session on a tmux server of its own (<c>-L</c> with a
/// unique name), with its own home directory and configuration, connected to a chat server on loopback. The test
/// types into it with <c>send-keys</c> and reads its screen with <c>capture-pane</c>; disposing kills that tmux server.
/// </summary>
/// <remarks>
/// Typing is only safe once irssi has drawn what the previous step caused: callers wait for the screen (or for the
/// server-side effect) before each <see cref="TypeAsync"/>. Text goes with <c>send-keys -l</c> (literally, so no key
/// names are interpreted) and Enter as a separate key; irssi's paste detection is off so that the two never fuse.
/// </remarks>
internal sealed class IrssiInTmux : IAsyncDisposable
{
    private const string Session = "irc";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _socketName;
    private readonly string _home;
    private readonly Dictionary<string, string> _environment;

    private IrssiInTmux(string socketName, string home)
    {
        _socketName = socketName;
        _home = home;
        _environment = new Dictionary<string, string>
        {
            ["TERM"] = "xterm",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
            ["HOME"] = home,
        };
    }

    /// <summary>Starts irssi connecting to 127.0.0.1:<paramref name="port"/> as <paramref name="nick"/>.</summary>
    public static async Task<IrssiInTmux> StartAsync(int port, string nick)
    {
        var home = Directory.CreateTempSubdirectory("netwright-irssi-").FullName;
        var socketName = string.Create(CultureInfo.InvariantCulture, $"netwright-irssi-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var irssi = new IrssiInTmux(socketName, home);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(home, "config"), Config(nick));
            // remain-on-exit keeps the pane (and its last screen) after irssi exits, so the test can see that it did.
            await File.WriteAllTextAsync(Path.Combine(home, "tmux.conf"), """
                set -g default-terminal screen
                set -g remain-on-exit on
                set -g status off
                """);
            // The shell records irssi's exit status once irssi has really ended: tmux's own pane_dead_status is set
            // only when its SIGCHLD handling catches up, and now and then (tmux 3.3a) the pane showed dead with no
            // status for over a minute, so the test waited on tmux rather than on irssi.
            var command = string.Create(CultureInfo.InvariantCulture, $"irssi --home={home} -n {nick} -c 127.0.0.1 -p {port}; echo $? > {home}/exit-status");
            await irssi.TmuxAsync("-f", Path.Combine(home, "tmux.conf"), "new-session", "-d", "-s", Session, "-x", "160", "-y", "50", command);
            return irssi;
        }
        catch
        {
            await irssi.DisposeAsync();
            throw;
        }
    }

    /// <summary>Types <paramref name="text"/> and presses Enter.</summary>
    public async Task TypeAsync(string text)
    {
        await TmuxAsync("send-keys", "-t", Session, "-l", text);
        await TmuxAsync("send-keys", "-t", Session, "Enter");
    }

    /// <summary>Returns what the pane shows now, one line per screen row.</summary>
    public Task<string> ScreenAsync() => TmuxAsync("capture-pane", "-p", "-J", "-t", Session);

    /// <summary>Reads the screen until it matches <paramref name="pattern"/>, at most <see cref="TestTimeouts.Exchange"/>; returns the match.</summary>
    public async Task<Match> WaitForScreenAsync(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + TestTimeouts.Exchange;
        while (true)
        {
            var screen = await ScreenAsync();
            var match = regex.Match(screen);
            if (match.Success)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"irssi's screen did not show /{pattern}/ within {TestTimeouts.Exchange.TotalSeconds} s; it shows:\n{screen}");
            }

            // The screen has no change notification to await; a short poll interval between reads is the condition wait.
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits for irssi to exit by itself; returns its exit status as its shell saw it (128 + N for signal N).</summary>
    public async Task<int> WaitForExitAsync()
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Exchange;
        var statusFile = Path.Combine(_home, "exit-status");
        while (true)
        {
            // The shell writes the file after irssi ended; a complete line (with its newline) means it is written.
            var text = File.Exists(statusFile) ? await File.ReadAllTextAsync(statusFile) : "";
            if (text.EndsWith('\n'))
            {
                return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"irssi did not exit within {TestTimeouts.Exchange.TotalSeconds} s; its screen:\n{await ScreenAsync()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // The tmux server never started (or is gone already): nothing of ours is left running.
        }

        Directory.Delete(_home, recursive: true);
    }

    private static string Config(string nick) => $$"""
        settings = {
          core = { real_name = "Irssi Tester"; user_name = "irssi"; nick = "{{nick}}"; settings_autosave = "no"; };
          "fe-text" = { paste_detect_time = "0"; };
          "fe-common/core" = { autolog = "no"; };
        };
        """;

    private async Task<string> TmuxAsync(params string[] arguments)
    {
        await using var tmux = ChildProcess.Start("tmux", ["-L", _socketName, .. arguments], _environment);
        var status = await tmux.WaitForExitAsync(TestTimeouts.Await);
        return status == 0
            ? tmux.Output
            : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({status}): {tmux.Error}");
    }
}
