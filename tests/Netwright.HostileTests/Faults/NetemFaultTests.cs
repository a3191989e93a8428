using System.Globalization;
using Netwright.HostileTests.Infrastructure;
using Netwright.Testing;
using Xunit.Abstractions;

namespace Netwright.HostileTests.Faults;

/// <summary>
/// Fault runs: server and client in two fresh network namespaces joined by a veth pair whose both ends
/// suffer loss, delay, reordering and duplication (<c>tc netem</c>; on a kernel without it, netfilter's loss and
/// duplication only, and the test says what it could not impose). TCP must stay correct (every answer, in
/// order, byte-exact); the UDP client must report a reply that never comes as a timeout (exit code 6).
/// </summary>
public sealed class NetemFaultTests(ITestOutputHelper output)
{
    private static readonly LinkFaults Lossy = new(LossPercent: 10, DuplicatePercent: 5, Delay: TimeSpan.FromMilliseconds(30), Jitter: TimeSpan.FromMilliseconds(20), ReorderPercent: 25);
    private const int TimedOut = 6;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [NetworkNamespaceFact]
    public async Task TcpServicesStayCorrectOverALossyReorderingDuplicatingLink()
    {
        await using var network = await NetworkNamespace.CreateAsync();
        Report(await network.SetFaultsAsync(Lossy));
        await using var timestamp = await ServerProcess.StartAsync(Target("timestamp", "event", "epoll"), network.ServerAddress, network.Server);
        await using var echo = await ServerProcess.StartAsync(Target("echo", "handler", "sockets"), network.ServerAddress, network.Server);

        var lines = Enumerable.Range(1, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"line {i} {new string('x', i % 97)}")).ToList();
        var stamped = await CliRun.RunAsync(network.Client, string.Join('\n', lines) + "\n", Limit, "connect", $"tcp://{timestamp.Tcp}", "--quiet-timeout", "5");
        Assert.True(stamped.ExitCode == 0, $"exit {stamped.ExitCode}: {stamped.Error}");
        var replies = stamped.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Count, replies.Length);
        Assert.All(lines.Zip(replies), pair => Assert.EndsWith("] " + pair.First, pair.Second, StringComparison.Ordinal));

        var payload = string.Concat(Enumerable.Range(0, 4000).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i:x8} the quick brown fox\n")));
        var echoed = await CliRun.RunAsync(network.Client, payload, Limit, "connect", $"tcp://{echo.Tcp}", "--quiet-timeout", "5");
        Assert.True(echoed.ExitCode == 0, $"exit {echoed.ExitCode}: {echoed.Error}");
        Assert.True(payload == echoed.Out, $"echo over the lossy link differs: {echoed.Out.Length} of {payload.Length} chars back");
        Assert.True(timestamp.IsAlive && echo.IsAlive, "a server exited");
    }

    [NetworkNamespaceFact]
    public async Task UdpClientTimesOutWhenTheLinkDropsOrDelaysPastItsLimitAndIsAnsweredOtherwise()
    {
        await using var network = await NetworkNamespace.CreateAsync();
        await using var server = await ServerProcess.StartAsync(Target("timestamp", "handler", "epoll"), network.ServerAddress, network.Server);
        var endpoint = $"udp://{server.Udp}";

        var notImposed = await network.SetFaultsAsync(new LinkFaults(Delay: TimeSpan.FromMilliseconds(150)));
        Report(notImposed);
        if (notImposed.Count == 0)
        {
            var answered = await CliRun.RunAsync(network.Client, "slow but sure\n", Limit, "connect", endpoint, "--reply-timeout", "2");
            Assert.True(answered.ExitCode == 0, $"exit {answered.ExitCode}: {answered.Error}");
            Assert.EndsWith("] slow but sure\n", answered.Out, StringComparison.Ordinal);

            var late = await CliRun.RunAsync(network.Client, "too slow\n", Limit, "connect", endpoint, "--reply-timeout", "0.2");
            Assert.True(late.ExitCode == TimedOut, $"a reply 300 ms away with a 200 ms limit: exit {late.ExitCode}: {late.Error}");
            Assert.Contains("no reply", late.Error, StringComparison.Ordinal);
        }

        // Every datagram duplicated: the client takes the first answer and is done.
        Report(await network.SetFaultsAsync(new LinkFaults(DuplicatePercent: 100)));
        var doubled = await CliRun.RunAsync(network.Client, "twice over\n", Limit, "connect", endpoint, "--reply-timeout", "5");
        Assert.True(doubled.ExitCode == 0, $"exit {doubled.ExitCode}: {doubled.Error}");
        Assert.EndsWith("] twice over\n", doubled.Out, StringComparison.Ordinal);

        Report(await network.SetFaultsAsync(new LinkFaults(LossPercent: 100)));
        var lost = await CliRun.RunAsync(network.Client, "into the void\n", Limit, "connect", endpoint, "--reply-timeout", "0.5");
        Assert.True(lost.ExitCode == TimedOut, $"every datagram lost: exit {lost.ExitCode}: {lost.Error}");
        Assert.InRange(lost.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30));
        Assert.True(server.IsAlive, "the server exited");
    }

    /// <summary>Says plainly, in the test's output, which faults this kernel could not impose.</summary>
    private void Report(IReadOnlyList<string> notImposed)
    {
        foreach (var fault in notImposed)
        {
            output.WriteLine($"NOT IMPOSED: {fault}");
        }
    }

    private static HostileTarget Target(string service, string style, string engine) =>
        new(ServiceProfile.All.Single(s => s.Name == service), style, engine);
}
