using System.Text;

namespace Netwright.Cli.Tests.Support;

/// <summary>Runs the command in-process, the way <c>Program</c> does, with captured output and a time limit.</summary>
internal static class CliRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: "", terminal: false);

    /// <summary>Runs <paramref name="args"/> with <paramref name="stdin"/> as standard input (UTF-8 bytes).</summary>
    public static async Task<CliResult> RunAsync(string[] args, string stdin, bool terminal = false)
    {
        using var output = new SignalingWriter();
        using var error = new SignalingWriter();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var cts = new CancellationTokenSource(Timeout);
        var code = await Task.Run(() => NetwrightApp.RunAsync(args, new CliConsole(output, error, input, terminal), cts.Token))
            .WaitAsync(Timeout);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <paramref name="args"/> with stdout redirected, as a pipe or file is: data goes to raw bytes.</summary>
    public static async Task<(int ExitCode, byte[] Out, string Error)> RunRawAsync(string[] args, byte[] stdin)
    {
        using var text = new SignalingWriter();
        using var error = new SignalingWriter();
        using var input = new MemoryStream(stdin);
        using var raw = new MemoryStream();
        using var cts = new CancellationTokenSource(Timeout);
        var console = new CliConsole(text, error, input, InputIsTerminal: false) { RawOutput = raw };
        var code = await Task.Run(() => NetwrightApp.RunAsync(args, console, cts.Token)).WaitAsync(Timeout);
        Assert.Equal(string.Empty, text.ToString());
        return (code, raw.ToArray(), error.ToString());
    }
}
