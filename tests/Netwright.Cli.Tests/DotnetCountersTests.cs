using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Netwright.Cli.Tests.Support;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.Cli.Tests;

/// <summary>
/// <c>dotnet-counters</c>, as an operator runs it, reads a running <c>serve</c>'s instruments under load: the tool is
/// installed from the package feed into a temporary tool path (never skipped: under <c>CI=true</c> a failed install fails
/// the test), attached with <c>collect --counters Netwright --format json</c>, and its file checked for sane values.
/// </summary>
public sealed class DotnetCountersTests : IAsyncLifetime
{
    private static readonly TimeSpan s_toolLimit = TimeSpan.FromMinutes(3);
    private readonly string _directory = Directory.CreateTempSubdirectory("netwright-counters-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DotnetCountersCollectSeesTheServersInstrumentsWithSaneValuesUnderLoad()
    {
        var counters = await InstallDotnetCountersAsync();
        await using var serve = CliProcess.Start("serve", "echo", "--tcp", "127.0.0.1:0", "--quiet");
        var match = await serve.Error.WaitForLineAsync(@"waiting for connection\.\.\. on (?<endpoint>\S+)$", CliProcess.Timeout);
        var endpoint = NetEndPoint.Parse(match.Groups["endpoint"].Value);
        var address = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(endpoint.Host!), endpoint.Port);

        var output = Path.Combine(_directory, "counters.json");
        using var collect = Start(counters, ["collect", "-p", serve.Id.ToString(CultureInfo.InvariantCulture), "--counters", "Netwright", "--refresh-interval", "1", "--format", "json", "-o", output, "--duration", "00:00:00:05"]);
        var collectError = collect.StandardError.ReadToEndAsync();
        using var stopLoad = new CancellationTokenSource(s_toolLimit);
        // An up-down counter's listener sees only the changes made after it attached, and dotnet-counters says it has
        // attached with this line (printed once the session is running), so the load starts after it.
        while (await collect.StandardOutput.ReadLineAsync(stopLoad.Token) is { } line && !line.Contains("Starting a counter session", StringComparison.Ordinal))
        {
        }

        var held = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await EchoOnceAsync(address, stopLoad.Token));
        }

        // Short connections while dotnet-counters watches: each one adds to accepted, duration and (when it closes) bytes.
        var churn = ChurnAsync(address, stopLoad.Token);
        var rest = collect.StandardOutput.ReadToEndAsync();
        await WaitForExitAsync(collect, counters);
        await stopLoad.CancelAsync();
        var exchanges = await churn;
        held.ForEach(s => s.Dispose());
        var collectOutput = await rest + await collectError;

        Assert.True(collect.ExitCode == 0, collectOutput);
        Assert.True(exchanges > 0, "the load never completed an exchange");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var events = document.RootElement.GetProperty("Events").EnumerateArray()
            .Select(e => (Name: e.GetProperty("name").GetString()!, Tags: e.GetProperty("tags").GetString()!, Value: e.GetProperty("value").GetDouble()))
            .ToList();
        Assert.All(events, e => Assert.Contains($"server.port={endpoint.Port}", e.Tags, StringComparison.Ordinal));
        Assert.All(events, e => Assert.Contains("network.transport=tcp", e.Tags, StringComparison.Ordinal));

        var active = Values(events, "netwright.active_connections");
        Assert.InRange(active.Max(), 3, 3 + 64);
        Assert.True(Values(events, "netwright.accepted_connections").Sum() > 0, "no connection accepted per second");
        var received = events.Where(e => e.Name.StartsWith("netwright.io ", StringComparison.Ordinal) && e.Tags.Contains("network.io.direction=receive", StringComparison.Ordinal)).Select(e => e.Value).ToList();
        Assert.True(received.Sum() > 0, "no bytes received per second");
        var durations = Values(events, "netwright.connection.duration");
        Assert.All(durations, d => Assert.InRange(d, 0, 600));
    }

    private static List<double> Values(List<(string Name, string Tags, double Value)> events, string instrument)
    {
        var values = events.Where(e => e.Name.StartsWith(instrument + " ", StringComparison.Ordinal)).Select(e => e.Value).ToList();
        Assert.True(values.Count > 0, $"dotnet-counters reported no {instrument}; it saw: {string.Join(", ", events.Select(e => e.Name).Distinct())}");
        return values;
    }

    private async Task<string> InstallDotnetCountersAsync()
    {
        var tools = Path.Combine(_directory, "tools");
        var install = await RunAsync("dotnet", ["tool", "install", "dotnet-counters", "--tool-path", tools]);
        Assert.True(install.ExitCode == 0, $"dotnet tool install dotnet-counters failed:\n{install.Output}");
        return Path.Combine(tools, "dotnet-counters");
    }

    private static async Task<Socket> EchoOnceAsync(System.Net.IPEndPoint address, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address, cancellationToken);
        await socket.SendAsync("ping\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[5];
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory(read), cancellationToken);
            Assert.True(count > 0, "the echo server closed the connection");
            read += count;
        }

        Assert.Equal("ping\n", Encoding.ASCII.GetString(buffer));
        return socket;
    }

    private static async Task<int> ChurnAsync(System.Net.IPEndPoint address, CancellationToken cancellationToken)
    {
        var exchanges = 0;
        try
        {
            while (true)
            {
                using var socket = await EchoOnceAsync(address, cancellationToken);
                exchanges++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return exchanges;
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args)
    {
        using var process = Start(file, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await WaitForExitAsync(process, file);
        return (process.ExitCode, await stdout + await stderr);
    }

    private Process Start(string file, IEnumerable<string> args) =>
        Process.Start(DotnetProcesses.StartInfo(file, args, _directory)) ?? throw new InvalidOperationException($"{file} did not start");

    private static async Task WaitForExitAsync(Process process, string name)
    {
        using var limit = new CancellationTokenSource(s_toolLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish within {s_toolLimit.TotalMinutes} minutes");
        }
    }
}
