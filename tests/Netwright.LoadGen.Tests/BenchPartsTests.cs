using System.Net;
using System.Net.Sockets;
using Netwright.LoadGen;

namespace Netwright.LoadGen.Tests;

public sealed class BenchPartsTests
{
    [Fact]
    public void PatternSliceAcrossThePeriodIsContinuous()
    {
        var start = PayloadPattern.StreamStart(3);
        var position = PayloadPattern.Period - start - 10;
        var across = PayloadPattern.Slice(start, position, 20).ToArray();
        var before = PayloadPattern.Slice(start, position, 10).ToArray();
        var after = PayloadPattern.Slice(start, position + 10, 10).ToArray();

        Assert.Equal(before.Concat(after), across);
    }

    [Fact]
    public void ConnectionsSendDifferentBytesAtTheSameOffset()
    {
        var first = PayloadPattern.Slice(PayloadPattern.StreamStart(0), 0, 32).ToArray();
        var second = PayloadPattern.Slice(PayloadPattern.StreamStart(1), 0, 32).ToArray();
        var later = PayloadPattern.Slice(PayloadPattern.StreamStart(0), 32, 32).ToArray();

        Assert.NotEqual(first, second);
        Assert.NotEqual(first, later);
    }

    [Fact]
    public void FindMismatchReportsTheFirstDifferentByte()
    {
        var expected = PayloadPattern.Slice(0, 0, 100).ToArray();
        var actual = expected.ToArray();
        Assert.Equal(-1, PayloadPattern.FindMismatch(expected, actual));

        actual[42] ^= 1;
        actual[77] ^= 1;
        Assert.Equal(42, PayloadPattern.FindMismatch(expected, actual));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("2001:db8::1", false)]
    public void OnlyLoopbackAddressesAreLocal(string address, bool local)
    {
        Assert.Equal(local, LoopbackPolicy.IsLocal(new IPEndPoint(IPAddress.Parse(address), 5000)));
    }

    [Fact]
    public void UnixPathsAreLocal()
    {
        Assert.True(LoopbackPolicy.IsLocal(new UnixDomainSocketEndPoint("/tmp/x.sock")));
    }

    [Fact]
    public void HoldSpreadsSourceAddressesOnlyForIPv4Loopback()
    {
        var target = new IPEndPoint(IPAddress.Loopback, 5000);

        Assert.Equal(IPAddress.Parse("127.0.0.2"), HoldRun.SourceAddressFor(target, 0));
        Assert.Equal(IPAddress.Parse("127.0.0.2"), HoldRun.SourceAddressFor(target, HoldRun.ConnectionsPerSourceAddress - 1));
        Assert.Equal(IPAddress.Parse("127.0.0.3"), HoldRun.SourceAddressFor(target, HoldRun.ConnectionsPerSourceAddress));
        Assert.Null(HoldRun.SourceAddressFor(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 5000), 0));
        Assert.Null(HoldRun.SourceAddressFor(new IPEndPoint(IPAddress.IPv6Loopback, 5000), 0));
        Assert.Null(HoldRun.SourceAddressFor(new UnixDomainSocketEndPoint("/tmp/x.sock"), 0));
    }

    [Fact]
    public void RssIsReadFromTheVmRssLine()
    {
        string[] status = ["Name:\techo", "VmPeak:\t  9999 kB", "VmRSS:\t    1234 kB", "Threads:\t1"];

        Assert.Equal(1234, ServerMemory.ParseRssKib(status));
        Assert.Null(ServerMemory.ParseRssKib(["Name:\techo"]));
    }

    [Fact]
    public void OwnProcessRssIsReadable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.True(ServerMemory.TryReadRssKib(Environment.ProcessId) > 0);
        Assert.Null(ServerMemory.TryReadRssKib(int.MaxValue));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, "Refused")]
    [InlineData(SocketError.ConnectionReset, "Reset")]
    [InlineData(SocketError.TimedOut, "Timeout")]
    [InlineData(SocketError.AccessDenied, "Other")]
    public void SocketErrorsMapToErrorKinds(SocketError code, string kind)
    {
        Assert.Equal(Enum.Parse<BenchErrorKind>(kind), BenchErrors.Classify(new SocketException((int)code), timedOut: false));
        Assert.Equal(BenchErrorKind.Timeout, BenchErrors.Classify(new SocketException((int)code), timedOut: true));
    }

    [Fact]
    public async Task AsyncSignalRemembersOneSignalAndWakesAWaiter()
    {
        var signal = new AsyncSignal();
        signal.Set();
        signal.Set();
        Assert.True(signal.WaitAsync().AsTask().IsCompleted);

        var waiting = signal.WaitAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        signal.Set();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
