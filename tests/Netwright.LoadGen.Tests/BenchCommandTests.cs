using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Netwright.Cli;

namespace Netwright.LoadGen.Tests;

public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("auto", "32")]
    [InlineData("sockets", "32")]
    [InlineData("auto", "300000")]
    [InlineData("sockets", "300000")]
    public async Task PingPongAgainstAnEchoServerReportsRoundTripsAndLatency(string engine, string size)
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "pingpong", "--engine", engine, "-c", "4", "-s", size, "-d", "0.5", "-w", "0.1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var json = run.Json();
        Assert.Equal("pingpong", json.GetProperty("mode").GetString());
        Assert.Equal(server.EndpointText, json.GetProperty("endpoint").GetString());
        Assert.Equal(4, json.GetProperty("connections").GetInt32());
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.True(json.GetProperty("roundTrips").GetInt64() > 0);
        Assert.True(json.GetProperty("roundTripsPerSecond").GetDouble() > 0);
        Assert.True(json.GetProperty("megabytesPerSecond").GetDouble() > 0);
        var latency = json.GetProperty("latencyMicroseconds");
        Assert.True(latency.GetProperty("p50").GetDouble() > 0);
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
        Assert.True(latency.GetProperty("p999").GetDouble() <= latency.GetProperty("max").GetDouble() * 1.01);
        Assert.InRange(json.GetProperty("durationSeconds").GetDouble(), 0.45, 1.5);
        Assert.Equal(4, server.Accepted);
        Assert.True(json.GetProperty("generatorCpuSeconds").GetDouble() > 0);
    }

    [Fact]
    public async Task JsonOutputHasExactlyTheDocumentedFields()
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "-c", "2", "-d", "0.2", "-w", "0", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Single(run.Out.Trim().Split('\n'));
        var json = run.Json();
        Assert.Equal(
            ["mode", "endpoint", "connections", "size", "durationSeconds", "ok", "roundTrips", "roundTripsPerSecond",
             "megabytesPerSecond", "latencyMicroseconds", "errors", "stalls", "generatorCpuSeconds"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["p50", "p90", "p99", "p999", "max"], json.GetProperty("latencyMicroseconds").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["refused", "reset", "timeout", "mismatch", "other"], json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task HumanSummaryShowsThroughputLatencyAndErrors()
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "-c", "2", "-d", "0.2", "-w", "0");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("round trips/s", run.Out, StringComparison.Ordinal);
        Assert.Contains("latency (µs)", run.Out, StringComparison.Ordinal);
        Assert.Contains("errors        0", run.Out, StringComparison.Ordinal);
        Assert.Contains("result        ok", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamModeKeepsAWindowInFlightAndReportsThroughput()
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "stream", "-c", "2", "-s", "1000", "--window", "8000", "-d", "0.5", "-w", "0.1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var json = run.Json();
        Assert.Equal("stream", json.GetProperty("mode").GetString());
        Assert.True(json.GetProperty("megabytesPerSecond").GetDouble() > 0);
        Assert.True(json.GetProperty("roundTrips").GetInt64() > 0);
        Assert.Equal(0, json.GetProperty("errors").GetProperty("mismatch").GetInt32());
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("sockets")]
    public async Task PingPongWorksOverAUnixSocket(string engine)
    {
        var directory = Directory.CreateTempSubdirectory("nw-bench-test-");
        try
        {
            var path = Path.Combine(directory.FullName, "echo.sock");
            await using var server = TestEchoServer.StartUnix(path);

            var run = await BenchRunner.RunAsync($"unix://{path}", "--engine", engine, "-c", "2", "-d", "0.3", "-w", "0", "--json");

            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
            Assert.True(run.Json().GetProperty("roundTrips").GetInt64() > 0);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("pingpong", "auto")]
    [InlineData("pingpong", "sockets")]
    [InlineData("stream", "auto")]
    public async Task CorruptedEchoFailsTheRunWithVerificationFailed(string mode, string engine)
    {
        await using var server = TestEchoServer.StartTcp(new EchoBehavior { CorruptOffset = 100 });

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", mode, "--engine", engine, "-c", "2", "-s", "32", "--window", "256", "-d", "0.5", "-w", "0", "--json");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.False(run.Json().GetProperty("ok").GetBoolean());
        Assert.Equal(2, run.Json().GetProperty("errors").GetProperty("mismatch").GetInt32());
        Assert.Matches(@"verification failed: connection \d: echoed byte at offset 100 ", run.Error);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("sockets")]
    public async Task RefusedEndpointExitsWithConnectionRefused(string engine)
    {
        var port = FreeTcpPort();

        var run = await BenchRunner.RunAsync($"127.0.0.1:{port}", "--engine", engine, "-c", "3", "-d", "0.2", "-w", "0", "--json");

        Assert.Equal(ExitCodes.ConnectionRefused, run.ExitCode);
        Assert.Equal(3, run.Json().GetProperty("errors").GetProperty("refused").GetInt32());
        Assert.Contains("every connection failed (refused)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteTargetWithoutAllowRemoteIsRefusedBeforeAnythingIsSent()
    {
        // 192.0.2.1 is a documentation address: a connect would hang until the 10 s timeout.
        var run = await BenchRunner.RunAsync("192.0.2.1:7", "-c", "1", "-d", "1", "--timeout", "10", "--json");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--allow-remote", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal(string.Empty, run.Out);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), $"took {run.Elapsed}");
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("sockets")]
    public async Task ServerThatNeverEchoesCountsStallsAndTimesOut(string engine)
    {
        await using var server = TestEchoServer.StartTcp(new EchoBehavior { NeverEcho = true });

        var run = await BenchRunner.RunAsync(server.EndpointText, "--engine", engine, "-c", "2", "-d", "1.3", "-w", "0", "--timeout", "2", "--json");

        Assert.Equal(ExitCodes.TimedOut, run.ExitCode);
        var json = run.Json();
        Assert.True(json.GetProperty("stalls").GetInt32() >= 1);
        Assert.Equal(2, json.GetProperty("errors").GetProperty("timeout").GetInt32());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(6), $"took {run.Elapsed}");
    }

    [Fact]
    public async Task HoldOpensHoldsAndProbesEveryConnection()
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "hold", "-c", "20", "-s", "8", "-d", "0.2", "--server-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var hold = run.Json().GetProperty("hold");
        Assert.Equal(20, hold.GetProperty("requested").GetInt32());
        Assert.Equal(20, hold.GetProperty("connected").GetInt32());
        Assert.Equal(20, hold.GetProperty("alive").GetInt32());
        Assert.Equal(0, hold.GetProperty("dropped").GetInt32());
        Assert.True(hold.GetProperty("connectAllSeconds").GetDouble() > 0);
        // Fewer than 10,000 requested: the milestone is all of them, reached when the last one opened.
        Assert.Equal(20, hold.GetProperty("milestoneConnections").GetInt32());
        var milestone = hold.GetProperty("milestoneSeconds").GetDouble();
        Assert.InRange(milestone, double.Epsilon, hold.GetProperty("connectAllSeconds").GetDouble());
        Assert.True(hold.GetProperty("serverRssKibBefore").GetDouble() > 0);
        Assert.True(hold.GetProperty("serverRssKibAfter").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, hold.GetProperty("serverBytesPerConnection").ValueKind);
    }

    [Fact]
    public async Task HoldCountsConnectionsTheServerDroppedAsDropped()
    {
        await using var server = TestEchoServer.StartTcp(new EchoBehavior { CloseOddConnections = true });

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "hold", "-c", "10", "-d", "0.3", "--timeout", "2", "--json");

        var hold = run.Json().GetProperty("hold");
        Assert.Equal(10, hold.GetProperty("connected").GetInt32());
        Assert.Equal(5, hold.GetProperty("dropped").GetInt32());
        Assert.Equal(5, hold.GetProperty("alive").GetInt32());
        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    [Fact]
    public async Task CtrlCDuringAHoldOnAServerThatAcceptsNothingStillEndsWithinSeconds()
    {
        // The kernel completes the connects into the listen queue, but nobody reads: every probe would wait out its
        // own timeout. After Ctrl+C the probes share one short deadline instead.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var run = await BenchRunner.RunAsync(TimeSpan.FromSeconds(1.5), $"tcp://127.0.0.1:{port}", "--mode", "hold", "-c", "2000", "-d", "20", "--timeout", "10", "--json");

        Assert.Equal(ExitCodes.Interrupted, run.ExitCode);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), $"took {run.Elapsed}");
        Assert.Equal(0, run.Json().GetProperty("hold").GetProperty("alive").GetInt32());
    }

    [Fact]
    public async Task HoldReportsNoMilestoneWhenTheConnectionsNeverOpened()
    {
        var port = FreeTcpPort();

        var run = await BenchRunner.RunAsync($"tcp://127.0.0.1:{port}", "--mode", "hold", "-c", "5", "-d", "0.1", "--timeout", "2", "--json");

        Assert.Equal(ExitCodes.ConnectionRefused, run.ExitCode);
        var hold = run.Json().GetProperty("hold");
        Assert.Equal(0, hold.GetProperty("connected").GetInt32());
        Assert.Equal(JsonValueKind.Null, hold.GetProperty("milestoneSeconds").ValueKind);
    }

    [Fact]
    public async Task EpollEngineIsRefusedForOtherModes()
    {
        var run = await BenchRunner.RunAsync("127.0.0.1:9", "--mode", "stream", "--engine", "epoll");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--engine epoll applies to --mode pingpong and udp only", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--engine", "turbo")]
    [InlineData("--size", "0")]
    [InlineData("--connections", "0")]
    [InlineData("--duration", "0")]
    [InlineData("--mode", "flood")]
    [InlineData("--window", "16")]
    public async Task InvalidOptionsAreRejectedWithUsage(string option, string value)
    {
        var args = option == "--window"
            ? new[] { "127.0.0.1:9", "--mode", "stream", "-s", "32", option, value }
            : new[] { "127.0.0.1:9", option, value };

        var run = await BenchRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveOptionWritesAProgressLineToStderrEverySecond()
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "-c", "2", "-d", "1.3", "-w", "0", "--live", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"\[ +\d+\.\d s\] (measuring|draining) +[\d,]+ round trips/s  errors 0  stalls 0", run.Error);
        Assert.Equal(JsonValueKind.Object, run.Json().ValueKind);
    }

    [Theory]
    [InlineData("pingpong", "auto")]
    [InlineData("pingpong", "sockets")]
    [InlineData("stream", "auto")]
    [InlineData("hold", "auto")]
    public async Task CancellationStopsTheRunEarlyWithASummary(string mode, string engine)
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(TimeSpan.FromSeconds(0.7), server.EndpointText, "--mode", mode, "--engine", engine, "-c", "3", "-d", "20", "-w", "0.2");

        Assert.Equal(ExitCodes.Interrupted, run.ExitCode);
        Assert.Contains("(interrupted)", run.Out, StringComparison.Ordinal);
        Assert.Contains("result        ok", run.Out, StringComparison.Ordinal);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(4), $"took {run.Elapsed}");
    }

    [Fact]
    public async Task StreamWindowOfTooManyChunksIsRejected()
    {
        var run = await BenchRunner.RunAsync("127.0.0.1:9", "--mode", "stream", "-s", "1", "--window", "100000");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("chunks", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UdpModeNeedsADatagramEndpoint()
    {
        var run = await BenchRunner.RunAsync("tcp://127.0.0.1:9", "--mode", "udp");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("datagram endpoint", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedEndpointIsRejectedWithUsage()
    {
        var run = await BenchRunner.RunAsync("not an endpoint");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("netwright bench: ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A loopback TCP port that was just free: bound and released, so a connect to it is refused.</summary>
    private static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
