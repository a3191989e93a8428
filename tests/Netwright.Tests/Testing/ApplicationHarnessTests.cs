using Netwright.Protocols;
using Netwright.Servers;
using Netwright.Streams;
using Netwright.Testing;

namespace Netwright.Tests.Testing;

public sealed class ApplicationHarnessTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task ProtocolAnswersEveryLineHoweverTheBytesAreSplit(int seed)
    {
        await using var harness = ApplicationHarness.For<Shout>();
        var client = await harness.ConnectAsync().AsTask().DefaultTimeout();
        var input = "one\ntwo\n"u8.ToArray();

        await client.PeerWriteChunksAsync(seed == 0 ? ByteSplits.OneByteAtATime(input) : ByteSplits.Random(input, new Random(seed))).DefaultTimeout();

        Assert.Equal("ONE", await client.PeerReadLineAsync().DefaultTimeout());
        Assert.Equal("TWO", await client.PeerReadLineAsync().DefaultTimeout());
        client.PeerEndOfStream();
        Assert.Null(await client.PeerReadLineAsync().DefaultTimeout());
        await harness.StopAsync().DefaultTimeout();
        Assert.Empty(harness.Failures);
    }

    [Fact]
    public async Task DisposeAbortsConnectionsStillOpen()
    {
        var harness = ApplicationHarness.For<Shout>();
        var client = await harness.ConnectAsync().AsTask().DefaultTimeout();

        await harness.DisposeAsync().AsTask().DefaultTimeout();

        Assert.True(client.IsAborted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => harness.ConnectAsync().AsTask());
    }

    [Fact]
    public async Task HandlerStyleApplicationAnswersAClientSessionOverAPairSplitIntoSingleBytes()
    {
        var handler = ConnectionHandler.Create(async (session, ct) =>
        {
            while (await session.ReadLineAsync(ct) is { } line)
            {
                await session.WriteLineAsync(line.ToUpperInvariant(), ct);
            }
        });
        await using var harness = new ApplicationHarness(handler);
        var pair = await harness.ConnectPairAsync(ByteSplits.OneByteAtATime).AsTask().DefaultTimeout();
        await using var session = new StreamSession(pair.Client, new StreamSessionOptions { PartialLineDelay = Timeout.InfiniteTimeSpan });

        await session.WriteLineAsync("first").AsTask().DefaultTimeout();
        await session.WriteLineAsync("second").AsTask().DefaultTimeout();

        Assert.Equal("FIRST", await session.ReadLineAsync().AsTask().DefaultTimeout());
        Assert.Equal("SECOND", await session.ReadLineAsync().AsTask().DefaultTimeout());
        await pair.Client.Transport.Output.CompleteAsync();
        Assert.Null(await session.ReadLineAsync().AsTask().DefaultTimeout());
        await pair.Client.DisposeAsync();
        await harness.StopAsync().DefaultTimeout();
        Assert.Empty(harness.Failures);
    }

    [Fact]
    public async Task ServerDeliversAPartialLineOnlyOnceFakeTimePassesItsDelay()
    {
        await using var harness = ApplicationHarness.For<Shout>();
        var client = await harness.ConnectAsync().AsTask().DefaultTimeout();

        await client.PeerWriteAsync("no newline").DefaultTimeout();
        var armed = await harness.Time.NextArmedTimerAsync().DefaultTimeout();

        harness.Time.Advance(armed.DueTime - TimeSpan.FromTicks(1));
        Assert.False(armed.Fired);
        Assert.Empty(client.PeerReadAvailable());
        harness.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("NO NEWLINE", await client.PeerReadLineAsync().DefaultTimeout());
    }

    [Fact]
    public async Task ClientProtocolRunsOnTheHarnessClock()
    {
        await using var harness = new ApplicationHarness(ProtocolFactory.Create(_ => new Prompt()));
        var client = new LineRecorder();

        var connection = await harness.ConnectClientAsync(client).AsTask().DefaultTimeout();
        var line = client.Line.Task;
        var armed = await harness.Time.NextArmedTimerAsync().DefaultTimeout();
        Assert.False(line.IsCompleted);

        // The server side arms its own timers too (idle, message timeouts), and in any order with the client's
        // partial-line delay: move the clock past each arming until the prompt arrives.
        harness.Time.Advance(armed.DueTime);
        using var stop = new CancellationTokenSource();
        while (!line.IsCompleted)
        {
            var next = harness.Time.NextArmedTimerAsync(stop.Token);
            if (await Task.WhenAny(line, next).DefaultTimeout() == next)
            {
                harness.Time.Advance((await next).DueTime);
            }
        }

        await stop.CancelAsync();
        Assert.Equal("login: ", await line.DefaultTimeout());
        await harness.DisposeAsync();
        await connection.Completion.DefaultTimeout();
    }

    [Fact]
    public async Task ApplicationThatThrowsLosesOnlyItsOwnConnectionAndTheFailureIsKept()
    {
        var handler = ConnectionHandler.Create(async (session, ct) =>
        {
            while (await session.ReadLineAsync(ct) is { } line)
            {
                await session.WriteLineAsync(line == "boom" ? throw new InvalidOperationException("boom") : "ok", ct);
            }
        });
        await using var harness = new ApplicationHarness(handler);
        var failing = await harness.ConnectAsync().AsTask().DefaultTimeout();
        var healthy = await harness.ConnectAsync().AsTask().DefaultTimeout();

        await failing.PeerWriteAsync("boom\n").DefaultTimeout();
        Assert.Empty(await failing.PeerReadToEndAsync().DefaultTimeout());
        await healthy.PeerWriteAsync("fine\n").DefaultTimeout();

        Assert.Equal("ok", await healthy.PeerReadLineAsync().DefaultTimeout());
        Assert.True(failing.IsAborted);
        Assert.Equal("boom", Assert.Single(harness.Failures).Message);
    }

    private sealed class Prompt : Protocol
    {
        public override void OnConnected() => Transport.Write("login: "u8);
    }

    private sealed class LineRecorder : LineProtocol
    {
        public TaskCompletionSource<string> Line { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void OnLineReceived(string line) => Line.TrySetResult(line);
    }

    private sealed class Shout : LineProtocol
    {
        public override void OnLineReceived(string line) => SendLine(line.ToUpperInvariant());
    }
}
