using System.Diagnostics;
using System.Text.Json;
using Netwright.Cli;

namespace Netwright.LoadGen.Tests;

/// <summary>The outcome of one in-process <c>netwright bench</c> run.</summary>
internal sealed record BenchRun(int ExitCode, string Out, string Error, TimeSpan Elapsed)
{
    /// <summary>Parses stdout as the single JSON object <c>--json</c> prints.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }
}

/// <summary>Runs <c>netwright bench</c> in-process with captured output and a time limit.</summary>
internal static class BenchRunner
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task<BenchRun> RunAsync(params string[] args) => RunAsync(Limit, args);

    /// <summary>Runs the command and cancels it (as Ctrl+C does) after <paramref name="cancelAfter"/>.</summary>
    public static async Task<BenchRun> RunAsync(TimeSpan cancelAfter, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, Stream.Null, InputIsTerminal: false);
        using var timeout = new CancellationTokenSource(cancelAfter < Limit ? cancelAfter : Limit);
        var watch = Stopwatch.StartNew();
        var exitCode = await NetwrightApp.RunAsync(["bench", .. args], console, timeout.Token).WaitAsync(Limit);
        return new BenchRun(exitCode, output.ToString(), error.ToString(), watch.Elapsed);
    }
}
