using Netwright.Cli;
using Netwright.Cli.Tests.Support;

namespace Netwright.LoadGen.Tests;

/// <summary><c>--threads</c>: several epoll engines, one thread each, sharing the connections.</summary>
public sealed class BenchThreadsTests
{
    [LinuxFact]
    public async Task PingPongOnTwoEpollThreadsVerifiesEveryConnectionsEchoes()
    {
        await using var server = TestEchoServer.StartTcp();

        var run = await BenchRunner.RunAsync(server.EndpointText, "--engine", "epoll", "--threads", "2", "-c", "5", "-s", "32", "-d", "1", "-w", "0.2", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var json = run.Json();
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal(5, json.GetProperty("connections").GetInt32());
        Assert.True(json.GetProperty("roundTrips").GetInt64() > 0);
        Assert.Equal(5, server.Accepted);
    }

    [LinuxFact]
    public async Task AWrongByteOnEitherThreadFailsTheRun()
    {
        // Every connection's stream is corrupted at byte 40, so both threads' connections must catch it.
        await using var server = TestEchoServer.StartTcp(new EchoBehavior { CorruptOffset = 40 });

        var run = await BenchRunner.RunAsync(server.EndpointText, "--engine", "epoll", "--threads", "2", "-c", "2", "-s", "32", "-d", "0.3", "-w", "0", "--json");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Equal(2, run.Json().GetProperty("errors").GetProperty("mismatch").GetInt64());
    }

    [Theory]
    [InlineData("--engine", "sockets", "--threads", "2", "the .NET thread pool")]
    [InlineData("--mode", "stream", "--threads", "2", "the .NET thread pool")]
    [InlineData("-c", "2", "--threads", "3", "more than --connections")]
    [InlineData("-c", "2", "--threads", "0", "between 1 and 256")]
    public async Task ThreadsOutsideTheEpollEngineOrItsRangeAreRejected(string option, string value, string threads, string count, string expected)
    {
        var run = await BenchRunner.RunAsync("127.0.0.1:9", option, value, threads, count);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }
}
