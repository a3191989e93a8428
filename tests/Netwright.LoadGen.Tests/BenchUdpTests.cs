using System.Net;
using System.Net.Sockets;
using Netwright.Cli;
using Netwright.Cli.Tests.Support;
using Netwright.LoadGen;

namespace Netwright.LoadGen.Tests;

/// <summary>udp mode on both engines: epoll (where supported) and .NET sockets.</summary>
public sealed class BenchUdpTests
{
    public static TheoryData<string> Engines => EpollEngine.IsSupported ? new("epoll", "sockets") : new("sockets");

    // A loopback echo loses nothing; the reply timeout is long so a busy test machine's scheduling pause is not
    // taken for a loss (the loss and late accounting have their own tests below).
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task UdpModeCountsEveryDatagramAnswered(string engine)
    {
        await using var server = TestUdpEchoServer.Start();

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "udp", "--engine", engine, "-c", "2", "-s", "64", "-d", "0.4", "-w", "0.1", "--timeout", "5", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var json = run.Json();
        var udp = json.GetProperty("udp");
        Assert.True(udp.GetProperty("sent").GetInt64() > 0);
        Assert.Equal(udp.GetProperty("sent").GetInt64(), udp.GetProperty("received").GetInt64());
        Assert.Equal(udp.GetProperty("received").GetInt64(), json.GetProperty("roundTrips").GetInt64());
        Assert.Equal(0, udp.GetProperty("lost").GetInt64());
        Assert.True(json.GetProperty("latencyMicroseconds").GetProperty("p50").GetDouble() > 0);
        Assert.InRange(json.GetProperty("durationSeconds").GetDouble(), 0.35, 1.5);
    }

    [UnixSocketTheory]
    [MemberData(nameof(Engines))]
    public async Task UdpModeWorksOverAUnixDatagramSocket(string engine)
    {
        var directory = Directory.CreateTempSubdirectory("nw-bench-test-");
        try
        {
            await using var server = TestUdpEchoServer.StartUnix(Path.Combine(directory.FullName, "echo.sock"));

            var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "udp", "--engine", engine, "-c", "2", "-s", "64", "-d", "0.3", "-w", "0", "--timeout", "5", "--json");

            Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Out);
            var udp = run.Json().GetProperty("udp");
            Assert.True(udp.GetProperty("received").GetInt64() > 0);
            Assert.Equal(0, udp.GetProperty("lost").GetInt64());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task UdpAgainstAServerDroppingEveryOtherDatagramCountsLossesAndEndsOnTime(string engine)
    {
        await using var server = TestUdpEchoServer.Start(dropOddSequences: true);

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "udp", "--engine", engine, "-c", "2", "-s", "16", "-d", "0.6", "-w", "0", "--timeout", "0.1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var udp = run.Json().GetProperty("udp");
        var sent = udp.GetProperty("sent").GetInt64();
        Assert.True(udp.GetProperty("lost").GetInt64() > 0);
        Assert.True(udp.GetProperty("received").GetInt64() > 0);
        Assert.Equal(sent, udp.GetProperty("received").GetInt64() + udp.GetProperty("lost").GetInt64() + udp.GetProperty("late").GetInt64());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(3), $"took {run.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task UdpReplyAfterItsTimeoutIsCountedAsLate(string engine)
    {
        await using var server = TestUdpEchoServer.Start(delayEveryThird: TimeSpan.FromMilliseconds(150));

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "udp", "--engine", engine, "-c", "1", "-s", "16", "-d", "0.8", "-w", "0", "--timeout", "0.05", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var udp = run.Json().GetProperty("udp");
        Assert.True(udp.GetProperty("late").GetInt64() > 0, run.Out);
        Assert.True(udp.GetProperty("received").GetInt64() > 0, run.Out);
        Assert.Equal(0, run.Json().GetProperty("errors").GetProperty("mismatch").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task UdpReplyWithACorruptedByteFailsTheRunWithVerificationFailed(string engine)
    {
        await using var server = TestUdpEchoServer.Start(corruptIndex: 20);

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "udp", "--engine", engine, "-c", "2", "-s", "32", "-d", "0.5", "-w", "0", "--json");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.False(run.Json().GetProperty("ok").GetBoolean());
        Assert.Equal(2, run.Json().GetProperty("errors").GetProperty("mismatch").GetInt32());
        Assert.Matches(@"verification failed: connection \d: echoed byte at offset 20 ", run.Error);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(3), $"took {run.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task UdpWithNobodyListeningExitsWithConnectionRefused(string engine)
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var run = await BenchRunner.RunAsync($"udp://127.0.0.1:{port}", "--mode", "udp", "--engine", engine, "-c", "2", "-d", "0.3", "-w", "0", "--json");

        Assert.Equal(ExitCodes.ConnectionRefused, run.ExitCode);
        Assert.Equal(2, run.Json().GetProperty("errors").GetProperty("refused").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task CancellationStopsAUdpRunEarlyWithASummary(string engine)
    {
        await using var server = TestUdpEchoServer.Start();

        var run = await BenchRunner.RunAsync(TimeSpan.FromSeconds(0.7), server.EndpointText, "--mode", "udp", "--engine", engine, "-c", "3", "-d", "20", "-w", "0.2");

        Assert.Equal(ExitCodes.Interrupted, run.ExitCode);
        Assert.Contains("(interrupted)", run.Out, StringComparison.Ordinal);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(4), $"took {run.Elapsed}");
    }

    [Fact]
    public void LateReplyIsCountedOnlyForAMeasuredDatagram()
    {
        var errors = new BenchErrors();
        var exchange = new UdpExchange(connectionId: 1, size: 24);
        var warmUp = exchange.Begin(0, measured: false).ToArray();
        var measured = exchange.Begin(1, measured: true).ToArray();
        _ = exchange.Begin(2, measured: true);

        warmUp.CopyTo(exchange.ReceiveBuffer, 0);
        Assert.Equal(UdpExchange.ReplyKind.Older, exchange.Check(24, 2, errors, 1));
        measured.CopyTo(exchange.ReceiveBuffer, 0);
        Assert.Equal(UdpExchange.ReplyKind.Older, exchange.Check(24, 2, errors, 1));
        measured.CopyTo(exchange.ReceiveBuffer, 0);
        Assert.Equal(UdpExchange.ReplyKind.Current, exchange.Check(24, 1, errors, 1));

        Assert.Equal(1, exchange.Late);
        Assert.Equal(2, exchange.Sent);
        Assert.Equal(0, errors.Total);
    }

    [Fact]
    public void ReplyFromTheFutureOrOfTheWrongSizeIsAMismatch()
    {
        var errors = new BenchErrors();
        var exchange = new UdpExchange(connectionId: 0, size: 16);
        var future = exchange.Begin(5, measured: true).ToArray();

        future.CopyTo(exchange.ReceiveBuffer, 0);
        Assert.Equal(UdpExchange.ReplyKind.Mismatch, exchange.Check(16, 4, errors, 0));
        Assert.Equal(UdpExchange.ReplyKind.Mismatch, exchange.Check(15, 5, errors, 0));
        exchange.ReceiveBuffer[16] = 0;
        Assert.Equal(UdpExchange.ReplyKind.Mismatch, exchange.Check(17, 5, errors, 0));

        Assert.Equal(3, errors[BenchErrorKind.Mismatch]);
        Assert.Contains("datagram 4: reply of 16 bytes with sequence 5", errors.FirstMessage(BenchErrorKind.Mismatch), StringComparison.Ordinal);
    }
}
