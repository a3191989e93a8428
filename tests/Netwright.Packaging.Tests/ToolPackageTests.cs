using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Netwright.Packaging.Tests;

/// <summary>
/// The command installed as users install it (<c>dotnet tool install Netwright.Cli --tool-path T --add-source FEED</c>),
/// offline from the packed folder, then run as <c>netwright</c>: its version, and a <c>serve echo</c> that a
/// <c>connect</c> talks to over loopback.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class ToolPackageTests(PackageWorkspace workspace)
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheInstalledToolPrintsItsVersionAndServesAnEchoThatConnectTalksTo()
    {
        var netwright = await InstallAsync();

        var version = await ToolRun.RunAsync(netwright, ["--version"], workspace, s_limit);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(PackageWorkspace.Version, version.Out.Trim(), StringComparison.Ordinal);

        using var serve = Process.Start(workspace.StartInfo(netwright, ["serve", "echo", "--tcp", "127.0.0.1:0"]))
            ?? throw new InvalidOperationException("netwright serve did not start");
        try
        {
            var endpoint = await ReadyEndpointAsync(serve);

            var connect = await ToolRun.RunAsync(netwright, ["connect", endpoint], workspace, s_limit, input: "one\ntwo\n");

            Assert.True(connect.ExitCode == 0, connect.ToString());
            Assert.Equal("one\ntwo\n", connect.Out);
        }
        finally
        {
            await StopAsync(serve);
        }

        Assert.Equal(0, serve.ExitCode);
    }

    private async Task<string> InstallAsync()
    {
        var tools = workspace.CreateFolder("tools");
        var install = await ToolRun.RunAsync("dotnet", ["tool", "install", "Netwright.Cli", "--tool-path", tools, "--add-source", workspace.Feed, "--version", PackageWorkspace.Version], workspace, TimeSpan.FromMinutes(2));
        install.EnsureSuccess();
        var netwright = Path.Combine(tools, OperatingSystem.IsWindows() ? "netwright.exe" : "netwright");
        Assert.True(File.Exists(netwright), install.ToString());
        return netwright;
    }

    /// <summary>Reads stderr until serve says where it listens (the port was chosen by the kernel).</summary>
    private static async Task<string> ReadyEndpointAsync(Process serve)
    {
        using var limit = new CancellationTokenSource(s_limit);
        var seen = new List<string>();
        while (await serve.StandardError.ReadLineAsync(limit.Token) is { } line)
        {
            seen.Add(line);
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                return match.Groups["endpoint"].Value;
            }
        }

        throw new InvalidOperationException($"serve ended before it was ready:\n{string.Join('\n', seen)}");
    }

    /// <summary>Stops serve by its pid with SIGTERM, as a service manager does, and waits for it to exit.</summary>
    private static async Task StopAsync(Process serve)
    {
        if (serve.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(s_limit);
        }

        using var limit = new CancellationTokenSource(s_limit);
        try
        {
            await serve.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            serve.Kill(entireProcessTree: true);
            throw new TimeoutException("serve did not stop on SIGTERM");
        }
    }

    [GeneratedRegex(@"waiting for connection\.\.\. on (?<endpoint>[^, ]+)")]
    private static partial Regex ReadyLine();
}
