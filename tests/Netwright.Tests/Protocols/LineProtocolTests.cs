using System.Text;
using Netwright.Framing;
using Netwright.Protocols;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Protocols;

public sealed class LineProtocolTests
{
    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public void LinesAreDeliveredWhateverTheSplits(string split)
    {
        var protocol = new Lines();
        var feeder = new ProtocolFeeder(protocol);

        feeder.FeedAll(Splits.Split(Encoding.UTF8.GetBytes("first\nsecond\r\n\nünï ✓\r\nlast\n"), split));
        feeder.End();

        Assert.Equal(["first", "second", "", "ünï ✓", "last"], protocol.Received);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void SeveralLinesInOneChunkAreDeliveredInOrder()
    {
        var protocol = new Lines();
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed("a\nb\nc\nrest"u8.ToArray());

        Assert.Equal(["a", "b", "c"], protocol.Received);
        Assert.Equal(4, feeder.Buffered);
    }

    [Fact]
    public void FinalLineWithoutNewlineIsDeliveredAtEndOfStream()
    {
        var protocol = new Lines();
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed("one\ntwo\r"u8.ToArray());
        Assert.Equal(["one"], protocol.Received);

        feeder.End();
        Assert.Equal(["one", "two"], protocol.Received);
    }

    [Fact]
    public void PartialLineIsDeliveredWhenTheInputStalls()
    {
        var protocol = new Lines();
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed("Hel"u8.ToArray());
        feeder.Feed("lo"u8.ToArray());
        Assert.Empty(protocol.Received);

        feeder.Stall();
        Assert.Equal(["Hello"], protocol.Received);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void LinesAfterLoseConnectionAreNotDelivered()
    {
        var protocol = new Lines { QuitOn = "quit" };
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed("a\nquit\nb\nc\n"u8.ToArray());
        feeder.Feed("d\n"u8.ToArray());
        feeder.End();

        Assert.Equal(["a", "quit"], protocol.Received);
        Assert.True(feeder.Transport.LostConnection);
    }

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public void TooLongLineIsRejectedAndTheDefaultClosesTheConnection(string split)
    {
        var protocol = new Lines { MaxLineLength = 8 };
        var feeder = new ProtocolFeeder(protocol);

        feeder.FeedAll(Splits.Split("ok\n0123456789abc\nnext\n"u8.ToArray(), split));

        Assert.Equal(["ok"], protocol.Received);
        Assert.True(feeder.Transport.LostConnection);
    }

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public void TooLongLineIsSkippedWhenTheHookKeepsTheConnection(string split)
    {
        var protocol = new TolerantLines { MaxLineLength = 8 };
        var feeder = new ProtocolFeeder(protocol);

        feeder.FeedAll(Splits.Split("ok\n0123456789abcdefghijklmn\nnext\n12345678\n"u8.ToArray(), split));

        Assert.Equal(["ok", "next", "12345678"], protocol.Received);
        var error = Assert.Single(protocol.Rejected);
        Assert.Equal(FramingError.LineTooLong, error.Error);
        Assert.False(feeder.Transport.IsClosing);
    }

    [Fact]
    public void InvalidUtf8IsRejectedAndTheDefaultClosesTheConnection()
    {
        var protocol = new Lines();
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed([0x66, 0xC3, 0x28, (byte)'\n', (byte)'x', (byte)'\n']);

        Assert.Empty(protocol.Received);
        Assert.True(feeder.Transport.LostConnection);
    }

    [Fact]
    public void InvalidUtf8IsSkippedWhenTheHookKeepsTheConnection()
    {
        var protocol = new TolerantLines();
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed([(byte)'a', (byte)'\n', 0xFF, (byte)'\n', (byte)'b', (byte)'\n', 0xFE]);
        feeder.End();

        Assert.Equal(["a", "b"], protocol.Received);
        Assert.Equal([FramingError.InvalidUtf8, FramingError.InvalidUtf8], protocol.Rejected.Select(e => e.Error));
    }

    [Fact]
    public void FinalLineOfExactlyTheLimitWithATrailingCrIsDeliveredAtEndOfStream()
    {
        var protocol = new TolerantLines { MaxLineLength = 4 };
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed("abcd\r"u8.ToArray());
        feeder.End();

        Assert.Equal(["abcd"], protocol.Received);
        Assert.Empty(protocol.Rejected);
    }

    [Fact]
    public void ServerOptionsApplyWhenTheProtocolSetsNoLimit()
    {
        var server = TestServer.Context(new TestTimeProvider(), o =>
        {
            o.MaxLineLength = 5;
            o.PartialLineDelay = TimeSpan.FromSeconds(3);
        });
        var protocol = new TolerantLines();
        var feeder = new ProtocolFeeder(protocol, server);

        feeder.Feed("12345\n123456\n"u8.ToArray());

        Assert.Equal(["12345"], protocol.Received);
        Assert.Single(protocol.Rejected);
        Assert.Equal(5, protocol.MaxLineLength);
        Assert.Equal(TimeSpan.FromSeconds(3), protocol.StallDelay);
    }

    [Fact]
    public void ProtocolSettingsOverrideTheServers()
    {
        var server = TestServer.Context(new TestTimeProvider(), o => o.MaxLineLength = 5);
        var protocol = new TolerantLines { MaxLineLength = 100, PartialLineDelay = Timeout.InfiniteTimeSpan };
        var feeder = new ProtocolFeeder(protocol, server);

        feeder.Feed("123456\n"u8.ToArray());

        Assert.Equal(["123456"], protocol.Received);
        Assert.Equal(Timeout.InfiniteTimeSpan, protocol.StallDelay);
    }

    [Fact]
    public void SendLineWritesUtf8AndTheLineEnding()
    {
        var protocol = new Lines();
        var feeder = new ProtocolFeeder(protocol);

        protocol.Send("héllo");
        protocol.LineEnding = LineEnding.CrLf;
        protocol.Send("crlf");
        protocol.Send(new string('x', 2000));

        Assert.Equal("héllo\ncrlf\r\n" + new string('x', 2000) + "\r\n", feeder.Transport.WrittenText);
    }

    private class Lines : LineProtocol
    {
        public List<string> Received { get; } = [];

        public string? QuitOn { get; init; }

        public override void OnLineReceived(string line)
        {
            Received.Add(line);
            if (line == QuitOn)
            {
                Transport.LoseConnection();
            }
        }

        public void Send(string line) => SendLine(line);
    }

    private sealed class TolerantLines : Lines
    {
        public List<FramingException> Rejected { get; } = [];

        public override void OnLineRejected(FramingException error) => Rejected.Add(error);
    }
}
