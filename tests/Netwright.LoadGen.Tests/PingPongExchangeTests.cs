using System.Text;
using Netwright.LoadGen;

namespace Netwright.LoadGen.Tests;

public sealed class PingPongExchangeTests
{
    [Fact]
    public void TimestampRequestsArePrintableLinesThatDifferPerConnectionAndExchange()
    {
        var first = new PingPongExchange(0, 64, BenchReply.Timestamp);
        var second = new PingPongExchange(1, 64, BenchReply.Timestamp);

        var request = first.Begin(0).ToArray();
        var next = first.Begin(1).ToArray();
        var other = second.Begin(0).ToArray();

        Assert.Equal(64, request.Length);
        Assert.Equal((byte)'\n', request[^1]);
        Assert.All(request[..^1], b => Assert.InRange(b, (byte)0x20, (byte)0x7E));
        Assert.NotEqual(request, next);
        Assert.NotEqual(request, other);
        Assert.Equal(64 + 27, first.ReplyLength);
    }

    [Fact]
    public void ACorrectTimestampReplyPassesWhenItArrivesOneByteAtATime()
    {
        var exchange = new PingPongExchange(5, 10, BenchReply.Timestamp);
        var request = exchange.Begin(3).ToArray();
        var reply = Encoding.ASCII.GetBytes("[Thu Feb 29 00:00:00 2024] ").Concat(request).ToArray();

        for (var received = 1; received <= reply.Length; received++)
        {
            Assert.Equal(-1, exchange.FindMismatch(reply.AsSpan(0, received), received - 1));
        }
    }

    [Fact]
    public void AHeaderThatDiffersFromTheLastGoodOneIsStillCheckedInFull()
    {
        var exchange = new PingPongExchange(5, 10, BenchReply.Timestamp);
        var good = Encoding.ASCII.GetBytes("[Thu Feb 29 00:00:00 2024] ").Concat(exchange.Begin(0).ToArray()).ToArray();
        Assert.Equal(-1, exchange.FindMismatch(good, 0));
        Assert.Equal(-1, exchange.FindMismatch(good, 0));

        var request = exchange.Begin(1).ToArray();
        var badDay = Encoding.ASCII.GetBytes("[Thu Feb 32 00:00:00 2024] ").Concat(request).ToArray();
        var badWeekday = Encoding.ASCII.GetBytes("[Thx Feb 29 00:00:00 2024] ").Concat(request).ToArray();

        Assert.Equal(10, exchange.FindMismatch(badDay, 0));
        Assert.Equal(3, exchange.FindMismatch(badWeekday, 0));
        Assert.Equal(-1, exchange.FindMismatch(Encoding.ASCII.GetBytes("[Thu Feb 29 00:00:01 2024] ").Concat(request).ToArray(), 0));
    }

    [Theory]
    [InlineData(27, "line byte")]
    [InlineData(36, "final newline")]
    public void AWrongLineOrEndingIsReportedWithItsReplyOffset(int index, string what)
    {
        var exchange = new PingPongExchange(5, 10, BenchReply.Timestamp);
        var request = exchange.Begin(2).ToArray();
        var reply = Encoding.ASCII.GetBytes("[Thu Feb 29 00:00:00 2024] ").Concat(request).ToArray();
        reply[index] = (byte)(reply[index] == (byte)'~' ? '!' : '~');
        var errors = new BenchErrors();

        var found = exchange.FindMismatch(reply, 0);
        exchange.CountMismatch(errors, 5, reply, found);

        Assert.True(found == index, what);
        Assert.Equal(1, errors[BenchErrorKind.Mismatch]);
        Assert.StartsWith($"connection 5: reply byte at offset {(2 * 37) + index} is 0x7E", errors.FirstMessage(BenchErrorKind.Mismatch), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Sun Jan  1 00:00:00 1970] ", -1)]
    [InlineData("[Wed Oct 31 23:59:59 9999] ", -1)]
    [InlineData("[Wed Oct 32 23:59:59 9999] ", 10)]
    [InlineData("[Wed Oct  0 23:59:59 9999] ", 10)]
    [InlineData("[Wed Oct 4  23:59:59 9999] ", 10)]
    [InlineData("[Wed Oct  4 23:60:59 9999] ", 15)]
    [InlineData("[Wed Oct  4 23:59:61 9999] ", 19)]
    [InlineData("[Wed Oct  4 23-59:59 9999] ", 14)]
    [InlineData("[wed Oct  4 23:59:59 9999] ", 1)]
    [InlineData("[Wed Oct  4 23:59:59 99x9] ", 23)]
    [InlineData("[Wed", -1)]
    [InlineData("[Wex", 3)]
    public void TheCTimeShapeIsCheckedStrictlyOnAnyPrefix(string header, int expected)
    {
        Assert.Equal(expected, CTimeShape.FindMismatch(Encoding.ASCII.GetBytes(header), out _));
    }

    [Fact]
    public void EchoRepliesAreComparedWithTheRequestBytes()
    {
        var exchange = new PingPongExchange(2, 16, BenchReply.Echo);
        var reply = exchange.Begin(4).ToArray();
        reply[9] ^= 0x01;

        Assert.Equal(16, exchange.ReplyLength);
        Assert.Equal(-1, exchange.FindMismatch(reply.AsSpan(0, 9), 0));
        Assert.Equal(9, exchange.FindMismatch(reply, 9));
    }
}
