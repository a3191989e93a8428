using System.Diagnostics;
using System.Text;
using Netwright.HostileTests.Infrastructure;
using Netwright.Testing;

namespace Netwright.HostileTests.Faults;

/// <summary>Runs <c>netwright ARGS</c> to the end inside a network namespace, with piped input and a time limit.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Out, string Error, TimeSpan Elapsed)> RunAsync(string networkNamespace, string input, TimeSpan limit, params string[] args)
    {
        var start = NetworkNamespace.Exec(networkNamespace, ServerProcess.DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "Netwright.Cli.dll"), .. args]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip netns exec did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(input));
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"netwright {string.Join(' ', args)} did not finish within {limit.TotalSeconds} s");
        }

        return (process.ExitCode, await output, await error, watch.Elapsed);
    }
}
