using System.Collections.Concurrent;
using System.Text;
using Netwright.Testing;

namespace KeyValue.Tests;

public sealed class KeyValueProtocolTests : IAsyncLifetime
{
    // Every await gets a limit, so a protocol that never answers fails the test instead of hanging it.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, string> _store = new();
    private readonly TestTimeProvider _time = new();
    private readonly ApplicationHarness _harness;

    public KeyValueProtocolTests() => _harness = new ApplicationHarness(KeyValueProtocol.Factory(_store, _time), time: _time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<string> Splits => new() { "whole", "one byte at a time", "random 1", "random 2", "random 3" };

    [Theory]
    [MemberData(nameof(Splits))]
    public async Task AnswersEveryCommandHoweverTheNetworkCutsTheBytes(string split)
    {
        var client = await _harness.ConnectAsync().AsTask().WaitAsync(Limit);
        var input = Encoding.UTF8.GetBytes("SET colour blue\nGET colour\nGET size\nHELLO\n");

        await client.PeerWriteChunksAsync(Cut(input, split)).WaitAsync(Limit);

        Assert.Equal("OK", await client.PeerReadLineAsync().WaitAsync(Limit));
        Assert.Equal("VALUE blue", await client.PeerReadLineAsync().WaitAsync(Limit));
        Assert.Equal("NOT_FOUND", await client.PeerReadLineAsync().WaitAsync(Limit));
        Assert.Equal("ERROR unknown command", await client.PeerReadLineAsync().WaitAsync(Limit));
    }

    [Fact]
    public async Task ValuesAreSharedBetweenConnections()
    {
        var writer = await _harness.ConnectAsync().AsTask().WaitAsync(Limit);
        var reader = await _harness.ConnectAsync().AsTask().WaitAsync(Limit);

        await writer.PeerWriteAsync("SET greeting hello world\n").WaitAsync(Limit);
        Assert.Equal("OK", await writer.PeerReadLineAsync().WaitAsync(Limit));
        await reader.PeerWriteAsync("GET greeting\n").WaitAsync(Limit);

        Assert.Equal("VALUE hello world", await reader.PeerReadLineAsync().WaitAsync(Limit));
    }

    [Fact]
    public async Task SilentClientIsToldByeOnceTheIdleTimeoutPassesOnFakeTime()
    {
        var client = await _harness.ConnectAsync().AsTask().WaitAsync(Limit);
        // The protocol arms its idle timer when the connection opens; no real time passes in this test.
        var idle = await _time.NextArmedTimerAsync().WaitAsync(Limit);
        Assert.Equal(KeyValueProtocol.IdleTimeout, idle.DueTime);

        _time.Advance(KeyValueProtocol.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.Empty(client.PeerReadAvailable());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("BYE idle", await client.PeerReadLineAsync().WaitAsync(Limit));
        Assert.Null(await client.PeerReadLineAsync().WaitAsync(Limit));
    }

    [Fact]
    public async Task EveryCommandRestartsTheIdleTimeout()
    {
        var client = await _harness.ConnectAsync().AsTask().WaitAsync(Limit);
        await _time.NextArmedTimerAsync().WaitAsync(Limit);

        _time.Advance(TimeSpan.FromSeconds(20));
        await client.PeerWriteAsync("GET x\n").WaitAsync(Limit);
        Assert.Equal("NOT_FOUND", await client.PeerReadLineAsync().WaitAsync(Limit));
        var restarted = await _time.NextArmedTimerAsync().WaitAsync(Limit);
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(restarted.Fired);
        Assert.Empty(client.PeerReadAvailable());
    }

    private static IReadOnlyList<byte[]> Cut(byte[] input, string split) => split switch
    {
        "whole" => ByteSplits.Whole(input),
        "one byte at a time" => ByteSplits.OneByteAtATime(input),
        _ => ByteSplits.Random(input, new Random(int.Parse(split[^1..], System.Globalization.CultureInfo.InvariantCulture))),
    };
}
