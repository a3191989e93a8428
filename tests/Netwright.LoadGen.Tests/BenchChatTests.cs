using Netwright.Cli;
using Netwright.Cli.Tests.Support;
using Netwright.Servers;
using Netwright.Services.Chat;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.LoadGen.Tests;

/// <summary>
/// <c>netwright bench --mode chat-fanout / chat-idle</c> against Netwright's chat server (a real one, in process)
/// and against <see cref="TestIrcServer"/>, an independent relay that can lose or change a message.
/// </summary>
public sealed class BenchChatTests
{
    [LinuxFact]
    public async Task FanOutAgainstTheChatServerCountsEveryDeliveryOnce()
    {
        await using var chat = await ChatUnderTest.StartAsync();

        var run = await BenchRunner.RunAsync(chat.EndpointText, "--mode", "chat-fanout", "-c", "6", "--messages", "150", "--window", "8", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Out);
        var json = run.Json();
        Assert.Equal("chat-fanout", json.GetProperty("mode").GetString());
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal(900, json.GetProperty("roundTrips").GetInt64());
        var summary = json.GetProperty("chat");
        Assert.Equal(6, summary.GetProperty("receivers").GetInt32());
        Assert.Equal(150, summary.GetProperty("sent").GetInt64());
        Assert.Equal(900, summary.GetProperty("deliveries").GetInt64());
        Assert.Equal(8, summary.GetProperty("window").GetInt32());
        Assert.True(summary.GetProperty("deliveriesPerSecond").GetDouble() > 0);
        var delay = json.GetProperty("latencyMicroseconds");
        Assert.True(delay.GetProperty("p50").GetDouble() > 0);
        Assert.True(delay.GetProperty("p50").GetDouble() <= delay.GetProperty("max").GetDouble());
    }

    [LinuxFact]
    public async Task APacedFanOutSendsNoFasterThanItsRate()
    {
        await using var chat = await ChatUnderTest.StartAsync();

        // 2,000 deliveries/s over 4 receivers is 500 messages/s: 100 messages cannot go out in less than 0.198 s.
        var run = await BenchRunner.RunAsync(chat.EndpointText, "--mode", "chat-fanout", "-c", "4", "--messages", "100", "--rate", "2000", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Out);
        var json = run.Json();
        Assert.Equal(400, json.GetProperty("chat").GetProperty("deliveries").GetInt64());
        Assert.Equal(2000, json.GetProperty("chat").GetProperty("rate").GetDouble());
        Assert.Equal(0, json.GetProperty("chat").GetProperty("window").GetInt32());
        Assert.True(json.GetProperty("durationSeconds").GetDouble() >= 0.198, run.Out);
    }

    [LinuxFact]
    public async Task IdleClientsRegisterInRoomsAnswerTheProbeAndTheServerMemoryIsRead()
    {
        await using var chat = await ChatUnderTest.StartAsync();

        var run = await BenchRunner.RunAsync(chat.EndpointText, "--mode", "chat-idle", "-c", "25", "--room-size", "10", "-d", "0.2", "--server-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Out);
        var hold = run.Json().GetProperty("hold");
        Assert.Equal(25, hold.GetProperty("connected").GetInt32());
        Assert.Equal(25, hold.GetProperty("alive").GetInt32());
        Assert.Equal(0, hold.GetProperty("dropped").GetInt32());
        Assert.True(hold.GetProperty("serverRssKibBefore").GetInt64() > 0);
        Assert.True(hold.GetProperty("serverRssKibAfter").GetInt64() > 0);
    }

    [LinuxFact]
    public async Task IdleClientsShareChannelsByRoomSize()
    {
        await using var server = TestIrcServer.Run();

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "chat-idle", "-c", "25", "--room-size", "10", "-d", "0.1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Out);
        Assert.Equal(3, server.ChannelCount);
    }

    [LinuxFact]
    public async Task ALostMessageFailsTheRunAsAVerificationError()
    {
        await using var server = TestIrcServer.Run(new IrcBehavior { DropSequence = 5 });

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "chat-fanout", "-c", "3", "--messages", "20");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("message 6 arrived when 5 was next", run.Out + run.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task AChangedMessageFailsTheRunAsAVerificationError()
    {
        await using var server = TestIrcServer.Run(new IrcBehavior { CorruptText = true });

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "chat-fanout", "-c", "2", "--messages", "10");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("arrived with its text changed", run.Out + run.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task AServerThatNeverAnswersTimesOutInsteadOfHanging()
    {
        await using var server = TestIrcServer.Run(new IrcBehavior { Silent = true });

        var run = await BenchRunner.RunAsync(server.EndpointText, "--mode", "chat-fanout", "-c", "2", "--messages", "10", "--timeout", "0.5");

        Assert.Equal(ExitCodes.TimedOut, run.ExitCode);
        Assert.Contains("no progress for 0.5 s: 0 of 3 joined", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--window", "0", "--window must be between 1 and 65536 messages")]
    [InlineData("--messages", "0", "--messages must be between 1")]
    [InlineData("--size", "10", "--size must be between 29 and 300 bytes in chat-fanout mode")]
    [InlineData("--rate", "-1", "--rate must be between 0")]
    public async Task ChatOptionsOutOfRangeAreUsageErrors(string option, string value, string message)
    {
        var run = await BenchRunner.RunAsync("127.0.0.1:6667", "--mode", "chat-fanout", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    /// <summary>Netwright's chat server on a loopback port 0, limits off as the benchmark runs it.</summary>
    private sealed class ChatUnderTest : IAsyncDisposable
    {
        private readonly NetServer _net;

        private ChatUnderTest(ChatServer server, NetServer net)
        {
            Server = server;
            _net = net;
        }

        public ChatServer Server { get; }

        public string EndpointText => $"tcp://127.0.0.1:{_net.EndPoints[0].Port}";

        public static async Task<ChatUnderTest> StartAsync()
        {
            var chat = new ChatServer(new ChatOptions { ServerName = "bench.test", FloodRate = 0, MaxConnectionsPerAddress = 0 });
            var net = new NetServer(new NetServerOptions());
            net.Listen(NetEndPoint.Tcp("127.0.0.1", 0), chat);
            await net.StartAsync().DefaultTimeout();
            return new ChatUnderTest(chat, net);
        }

        public async ValueTask DisposeAsync()
        {
            await _net.DisposeAsync();
            Server.Dispose();
        }
    }
}
