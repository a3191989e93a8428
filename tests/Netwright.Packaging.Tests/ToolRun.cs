using System.Diagnostics;
using System.Text;

namespace Netwright.Packaging.Tests;

/// <summary>
/// One run of a program to its end (dotnet pack, dotnet build, the installed tool): stdout and stderr captured,
/// stdin written and closed, killed if it outlives its time limit.
/// </summary>
internal static class ToolRun
{
    /// <summary>Runs <paramref name="file"/> and returns its exit code and output.</summary>
    public static async Task<RunResult> RunAsync(string file, IEnumerable<string> args, PackageWorkspace workspace, TimeSpan limit, string? input = null)
    {
        using var process = Process.Start(workspace.StartInfo(file, args)) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {limit.TotalSeconds} s");
        }

        return new RunResult($"{file} {string.Join(' ', args)}", process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a finished run printed.</summary>
internal sealed record RunResult(string Command, int ExitCode, string Out, string Error)
{
    /// <summary>Throws with everything the run printed unless it exited with 0.</summary>
    public RunResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(ToString());
        }

        return this;
    }

    public override string ToString() => new StringBuilder()
        .Append(Command).Append(" exited with ").Append(ExitCode).AppendLine()
        .Append("stdout: ").AppendLine(Out)
        .Append("stderr: ").Append(Error).ToString();
}
