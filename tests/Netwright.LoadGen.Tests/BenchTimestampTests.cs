using Netwright.Cli;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Transport;

namespace Netwright.LoadGen.Tests;

public sealed class BenchTimestampTests
{
    public static TheoryData<string, ServiceStyle> EnginesAndStyles => new()
    {
        { "epoll", ServiceStyle.Handler },
        { "epoll", ServiceStyle.Event },
        { "sockets", ServiceStyle.Handler },
        { "sockets", ServiceStyle.Event },
    };

    [Theory]
    [MemberData(nameof(EnginesAndStyles))]
    public async Task TimestampRepliesFromTheTimestampServiceAreVerifiedAndCounted(string engine, ServiceStyle style)
    {
        await using var server = new NetServer();
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Timestamp.CreateStreamApplication(style));
        await server.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var run = await BenchRunner.RunAsync(
            server.EndPoints[0].ToString(), "--reply", "timestamp", "--engine", engine, "-c", "3", "-s", "40", "-d", "0.4", "-w", "0.1", "--timeout", "30", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var json = run.Json();
        // A loaded CI machine may take seconds for one reply (--timeout 30); the report says why when it is not ok.
        Assert.True(json.GetProperty("ok").GetBoolean(), json.ToString());
        Assert.True(json.GetProperty("roundTrips").GetInt64() > 0);
        Assert.True(json.GetProperty("roundTripsPerSecond").GetDouble() > 0);
        var megabytes = json.GetProperty("roundTrips").GetInt64() * 40 / 1e6 / json.GetProperty("durationSeconds").GetDouble();
        Assert.Equal(megabytes, json.GetProperty("megabytesPerSecond").GetDouble(), 0.01);
        Assert.Equal(0, json.GetProperty("errors").GetProperty("mismatch").GetInt32());
    }

    [Theory]
    [InlineData("epoll")]
    [InlineData("sockets")]
    public async Task AnEchoServerFailsTimestampVerificationAtTheFirstByte(string engine)
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "--reply", "timestamp", "--engine", engine, "-c", "2", "-s", "8", "-d", "2", "-w", "0", "--json");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Equal(2, run.Json().GetProperty("errors").GetProperty("mismatch").GetInt32());
        Assert.Equal(0, run.Json().GetProperty("errors").GetProperty("timeout").GetInt32());
        Assert.Matches(@"verification failed: connection \d: reply byte at offset \d+ is 0x[0-9A-F]{2}, expected ", run.Error);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(1.5), $"took {run.Elapsed}: the mismatch should end the run early");
    }

    [Theory]
    [InlineData("epoll", "[Mon Jun 04 11:20:46 2018] ", 9, "a space-padded day 1-31")]
    [InlineData("sockets", "[Mon Jun 04 11:20:46 2018] ", 9, "a space-padded day 1-31")]
    [InlineData("epoll", "[Mun Jun  4 11:20:46 2018] ", 2, "a ctime weekday name")]
    [InlineData("sockets", "[Mon Jux  4 11:20:46 2018] ", 7, "a ctime month name")]
    [InlineData("epoll", "[Mon Jun  4 24:20:46 2018] ", 13, "an hour 00-23")]
    [InlineData("sockets", "[Mon Jun  4 11:20:46 18] ", 23, "a 4-digit year")]
    [InlineData("epoll", "[Mon Jun  4 11:20:46 2018]-", 26, "' ' before the echoed line")]
    [InlineData("sockets", "Mon Jun  4 11:20:46 2018 ", 0, "'[' opening the timestamp")]
    public async Task AWrongTimestampShapeFailsVerification(string engine, string header, int offset, string expected)
    {
        await using var server = TestTimestampServer.Start(header);

        var run = await BenchRunner.RunAsync(server.EndpointText, "--reply", "timestamp", "--engine", engine, "-c", "1", "-s", "32", "-d", "2", "-w", "0", "--json");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains($"connection 0: reply byte at offset {offset} is ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"expected {expected}", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("epoll")]
    [InlineData("sockets")]
    public async Task ARightTimestampShapeFromAnotherServerPasses(string engine)
    {
        await using var server = TestTimestampServer.Start("[Sat Dec 31 23:59:60 1999] ");

        var run = await BenchRunner.RunAsync(server.EndpointText, "--reply", "timestamp", "--engine", engine, "-c", "2", "-s", "2", "-d", "0.3", "-w", "0", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.True(run.Json().GetProperty("roundTrips").GetInt64() > 0);
    }

    [Theory]
    [InlineData("stream", "32")]
    [InlineData("udp", "32")]
    [InlineData("hold", "32")]
    [InlineData("pingpong", "1")]
    public async Task TimestampRepliesAreRefusedOutsidePingPongAndBelowTwoBytes(string mode, string size)
    {
        var run = await BenchRunner.RunAsync("127.0.0.1:9", "--mode", mode, "--reply", "timestamp", "-s", size);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(mode == "pingpong" ? "--size must be at least 2 with --reply timestamp" : "--reply timestamp applies to --mode pingpong only", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownReplyIsRefused()
    {
        var run = await BenchRunner.RunAsync("127.0.0.1:9", "--reply", "daytime");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--reply must be echo or timestamp, not 'daytime'", run.Error, StringComparison.Ordinal);
    }
}
