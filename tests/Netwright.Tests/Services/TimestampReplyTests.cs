using System.Text;
using Netwright.Framing;
using Netwright.Services.Timestamp;
using Netwright.Testing;

namespace Netwright.Tests.Services;

public sealed class TimestampReplyTests
{
    private const string Stamp = "[Mon Jun  4 11:20:46 2018]";

    private readonly TestTimeProvider _clock = new(new DateTimeOffset(2018, 6, 4, 11, 20, 46, TimeSpan.Zero));

    [Fact]
    public void ReplyIsTheCTimeInBracketsThenTheText()
    {
        Assert.Equal($"{Stamp} Hello", TimestampReply.For("Hello", _clock));
        Assert.Equal($"{Stamp} ", TimestampReply.For(string.Empty, _clock));
    }

    [Fact]
    public void ReplyUsesTheClocksLocalTime()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test-5", TimeSpan.FromHours(-5), "Test-5", "Test-5");
        var clock = new TestTimeProvider(new DateTimeOffset(2018, 6, 4, 16, 20, 46, TimeSpan.Zero), zone);

        Assert.Equal($"{Stamp} x", TimestampReply.For("x", clock));
    }

    [Fact]
    public void ClocksInDifferentZonesAtTheSameInstantGetTheirOwnLocalTime()
    {
        // The stamp is cached per second: the cache must not hand one zone's stamp to another zone's clock.
        var instant = new DateTimeOffset(2018, 6, 4, 11, 20, 46, TimeSpan.Zero);
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2");

        var inUtc = TimestampReply.For("x", new TestTimeProvider(instant));
        var inPlusTwo = TimestampReply.For("x", new TestTimeProvider(instant, plusTwo));

        Assert.Equal($"{Stamp} x", inUtc);
        Assert.Equal("[Mon Jun  4 13:20:46 2018] x", inPlusTwo);
    }

    [Fact]
    public void ReplyFollowsTheClock()
    {
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.Equal("[Tue Jun  5 11:20:47 2018] x", TimestampReply.For("x", _clock));
    }

    [Fact]
    public void OnlyInvalidUtf8KeepsTheConnection()
    {
        var tooLong = new FramingException(FramingError.LineTooLong, "line longer than 8 bytes");
        var notUtf8 = new FramingException(FramingError.InvalidUtf8, "bad");

        Assert.Equal("error: line longer than 8 bytes", TimestampReply.ForError(tooLong));
        Assert.True(TimestampReply.ClosesConnection(tooLong));
        Assert.False(TimestampReply.ClosesConnection(notUtf8));
    }

    [Theory]
    [InlineData("Hello", $"{Stamp} Hello")]
    [InlineData("Hello\n", $"{Stamp} Hello\n")]
    [InlineData("Hello\r\n", $"{Stamp} Hello\r\n")]
    [InlineData("", $"{Stamp} ")]
    [InlineData("two\nlines\n", $"{Stamp} two\nlines\n")]
    [InlineData("ünï ✓", $"{Stamp} ünï ✓")]
    public void DatagramReplyKeepsTheRequestsTrailingLineEnding(string request, string reply)
    {
        Assert.Equal(reply, TimestampDatagramReply.For(Encoding.UTF8.GetBytes(request), _clock));
    }

    [Fact]
    public void DatagramThatIsNotUtf8GetsAnErrorLine()
    {
        Assert.Equal("error: datagram is not valid UTF-8\n", TimestampDatagramReply.For([0x68, 0xFF, 0x0A], _clock));
    }

    [Fact]
    public void ByteRepliesMatchTheTextReplies()
    {
        var line = new System.Buffers.ReadOnlySequence<byte>("Hello ✓"u8.ToArray());
        var destination = new byte[TimestampReply.ReplyLength(line.Length)];

        var written = TimestampReply.Write(destination, line, _clock, out var error);

        Assert.Null(error);
        Assert.Equal(TimestampReply.For("Hello ✓", _clock) + "\n", System.Text.Encoding.UTF8.GetString(destination, 0, written));
    }

    [Fact]
    public void ByteRepliesRefuseInvalidUtf8WithTheTextReadersError()
    {
        var bytes = new byte[] { (byte)'a', 0xC3, 0x28 };
        var destination = new byte[TimestampReply.ReplyLength(bytes.Length)];

        var written = TimestampReply.Write(destination, new System.Buffers.ReadOnlySequence<byte>(bytes), _clock, out var error);

        Assert.Equal(0, written);
        var expected = Assert.Throws<Netwright.Framing.FramingException>(() => Netwright.Framing.LineText.Decode(new System.Buffers.ReadOnlySequence<byte>(bytes)));
        Assert.Equal(expected.Message, error!.Message);
    }
}
