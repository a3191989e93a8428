using Netwright.Protocols;
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

    private sealed class Shout : LineProtocol
    {
        public override void OnLineReceived(string line) => SendLine(line.ToUpperInvariant());
    }
}
