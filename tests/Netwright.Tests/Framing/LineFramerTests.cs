using System.Buffers;
using System.Text;
using Netwright.Framing;
using Netwright.Testing;

namespace Netwright.Tests.Framing;

public sealed class LineFramerTests
{
    private static readonly LineFramer s_framer = new();

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static string[] Texts(FeedResult result) => result.Messages.Select(m => Encoding.ASCII.GetString(m)).ToArray();

    [Theory]
    [MemberData(nameof(Sequences.Chunkings), MemberType = typeof(Sequences))]
    public void LinesAreSplitOnLfAndCrLfWhateverTheChunking(string chunking)
    {
        FeedResult result = FrameFeeder.Feed(s_framer, Ascii("one\r\ntwo\nthree\r\n\n\r\nfour"), chunking);

        Assert.Equal(["one", "two", "three", "", ""], Texts(result));
        Assert.Equal("four", Encoding.ASCII.GetString(result.Remaining.ToArray()));
    }

    [Fact]
    public void TwoLinesInOneChunkAreBothParsedFromOneBuffer()
    {
        FeedResult result = FrameFeeder.ParseAll(s_framer, new ReadOnlySequence<byte>(Ascii("first\nsecond\r\n")));

        Assert.Equal(["first", "second"], Texts(result));
        Assert.True(result.Remaining.IsEmpty);
    }

    [Fact]
    public void LineSplitAcrossSegmentsIsReassembled()
    {
        ReadOnlySequence<byte> input = Sequences.FromChunks(Ascii("hel"), Array.Empty<byte>(), Ascii("lo\r"), Ascii("\nwor"), Ascii("ld"), Ascii("\n"));

        FeedResult result = FrameFeeder.ParseAll(s_framer, input);

        Assert.Equal(["hello", "world"], Texts(result));
        Assert.True(result.Remaining.IsEmpty);
    }

    [Fact]
    public void CrAtTheEndOfOneSegmentAndLfAtTheStartOfTheNextEndOneLine()
    {
        ReadOnlySequence<byte> buffer = Sequences.FromChunks(Ascii("abc\r"), Ascii("\nrest"));

        Assert.Equal(LineReadStatus.Line, s_framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line));
        Assert.Equal("abc", Encoding.ASCII.GetString(line.ToArray()));
        Assert.Equal("rest", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Fact]
    public void CrInsideALineIsKept()
    {
        FeedResult result = FrameFeeder.ParseAll(s_framer, new ReadOnlySequence<byte>(Ascii("a\rb\r\r\n")));

        Assert.Equal(["a\rb\r"], Texts(result));
    }

    [Fact]
    public void PartialLineIsBufferedUntilItsNewlineArrives()
    {
        var input = new ReadOnlySequence<byte>(Ascii("no newline yet"));
        SequencePosition consumed = input.Start;
        SequencePosition examined = input.Start;

        bool parsed = s_framer.TryParseMessage(input, ref consumed, ref examined, out ReadOnlySequence<byte> line);

        Assert.False(parsed);
        Assert.True(line.IsEmpty);
        Assert.Equal(input.Start, consumed);
        Assert.Equal(input.End, examined);
    }

    [Fact]
    public void TryReadLineAdvancesPastTheNewlineOnlyWhenALineIsRead()
    {
        var buffer = new ReadOnlySequence<byte>(Ascii("x\r\ny"));

        Assert.Equal(LineReadStatus.Line, s_framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line));
        Assert.Equal("x", Encoding.ASCII.GetString(line.ToArray()));
        Assert.Equal(LineReadStatus.Incomplete, s_framer.TryReadLine(ref buffer, out line));
        Assert.True(line.IsEmpty);
        Assert.Equal("y", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Sequences.Chunkings), MemberType = typeof(Sequences))]
    public void LineExactlyAtTheLimitIsAcceptedWithLfOrCrLf(string chunking)
    {
        var framer = new LineFramer { MaxLineLength = 8 };
        string line = new('x', 8);

        FeedResult result = FrameFeeder.Feed(framer, Ascii($"{line}\n{line}\r\nok\n"), chunking);

        Assert.Equal([line, line, "ok"], Texts(result));
    }

    [Theory]
    [MemberData(nameof(Sequences.Chunkings), MemberType = typeof(Sequences))]
    public void LineOneByteOverTheLimitIsRejected(string chunking)
    {
        var framer = new LineFramer { MaxLineLength = 8 };

        foreach (string ending in new[] { "\n", "\r\n" })
        {
            var ex = Assert.Throws<FramingException>(() => FrameFeeder.Feed(framer, Ascii($"ok\n{new string('x', 9)}{ending}"), chunking));
            Assert.Equal(FramingError.LineTooLong, ex.Error);
        }
    }

    [Fact]
    public void DefaultLimitIsTwistedsSixteenKilobytes()
    {
        Assert.Equal(16384, new LineFramer().MaxLineLength);
        FeedResult atLimit = FrameFeeder.ParseAll(s_framer, new ReadOnlySequence<byte>(Ascii(new string('a', 16384) + "\r\n")));
        Assert.Single(atLimit.Messages);
        Assert.Equal(16384, atLimit.Messages[0].Length);

        Assert.Throws<FramingException>(() => FrameFeeder.ParseAll(s_framer, new ReadOnlySequence<byte>(Ascii(new string('a', 16385) + "\n"))));
    }

    [Fact]
    public void CompleteLineOverTheLimitIsReportedAsTooLongWithoutThrowingOnTheHotPath()
    {
        var framer = new LineFramer { MaxLineLength = 4 };
        ReadOnlySequence<byte> buffer = Sequences.FromChunks(Ascii("12"), Ascii("345\n"));
        ReadOnlySequence<byte> before = buffer;

        Assert.Equal(LineReadStatus.TooLong, framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line));
        Assert.True(line.IsEmpty);
        Assert.Equal(before, buffer);
    }

    [Fact]
    public void MegabyteWithoutNewlineIsRejectedAfterAtMostTheLimitPlusOneBytes()
    {
        byte[] data = new byte[1024 * 1024];
        data.AsSpan().Fill((byte)'a');
        int limit = s_framer.MaxLineLength;

        // One byte at a time: every shorter prefix could still become a line, the next one cannot.
        int rejectedAt = -1;
        for (int available = 1; available <= data.Length; available++)
        {
            var input = new ReadOnlySequence<byte>(data, 0, available);
            SequencePosition consumed = input.Start;
            SequencePosition examined = input.End;
            if (available <= limit)
            {
                Assert.False(s_framer.TryParseMessage(input, ref consumed, ref examined, out _));
                continue;
            }

            var ex = Assert.Throws<FramingException>(() => s_framer.TryParseMessage(input, ref consumed, ref examined, out _));
            Assert.Equal(FramingError.LineTooLong, ex.Error);
            rejectedAt = available;
            break;
        }

        Assert.Equal(limit + 1, rejectedAt);
    }

    [Fact]
    public void MegabyteWithoutNewlineIsRejectedWhenItArrivesAtOnce()
    {
        byte[] data = new byte[1024 * 1024];
        data.AsSpan().Fill((byte)'a');
        IEnumerable<ReadOnlyMemory<byte>> segments = Sequences.SplitRandomly(data, new Random(5), 1, 5000).Select(c => (ReadOnlyMemory<byte>)c);

        Assert.Throws<FramingException>(() => FrameFeeder.ParseAll(s_framer, new ReadOnlySequence<byte>(data)));
        Assert.Throws<FramingException>(() => FrameFeeder.ParseAll(s_framer, Sequences.FromChunks(segments)));
    }

    [Fact]
    public void DataAtTheLimitEndingInCrWaitsForItsLf()
    {
        var framer = new LineFramer { MaxLineLength = 8 };
        var buffer = new ReadOnlySequence<byte>(Ascii("12345678\r"));

        Assert.Equal(LineReadStatus.Incomplete, framer.TryReadLine(ref buffer, out _));

        buffer = Sequences.Append(buffer, Ascii("\n"));
        Assert.Equal(LineReadStatus.Line, framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line));
        Assert.Equal("12345678", Encoding.ASCII.GetString(line.ToArray()));
    }

    [Fact]
    public void DataAtTheLimitPlusOneNotEndingInCrIsRejectedAtOnce()
    {
        var framer = new LineFramer { MaxLineLength = 8 };
        var single = new ReadOnlySequence<byte>(Ascii("123456789"));
        ReadOnlySequence<byte> multi = Sequences.FromChunks(Ascii("1234"), Ascii("56789"));

        Assert.Equal(LineReadStatus.TooLong, framer.TryReadLine(ref single, out _));
        Assert.Equal(LineReadStatus.TooLong, framer.TryReadLine(ref multi, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomLinesSurviveRandomSplits(int seed)
    {
        var random = new Random(seed);
        var expected = new List<string>();
        var input = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            string line = new(Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next('!', '~' + 1)).ToArray());
            expected.Add(line);
            input.Append(line).Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        FeedResult fed = FrameFeeder.Feed(s_framer, Ascii(input.ToString()), $"random:{seed}");
        FeedResult segmented = FrameFeeder.Feed(s_framer, Ascii(input.ToString()), $"segments:{seed}");

        Assert.Equal(expected, Texts(fed));
        Assert.Equal(expected, Texts(segmented));
    }

    [Theory]
    [MemberData(nameof(Sequences.Chunkings), MemberType = typeof(Sequences))]
    public void TextAfterTheLastNewlineIsTheFinalLineAtEndOfStream(string chunking)
    {
        FeedResult result = FrameFeeder.Feed(s_framer, Ascii("first\nlast words\r"), chunking);

        Assert.True(s_framer.TryReadFinalLine(result.Remaining, out ReadOnlySequence<byte> line));
        Assert.Equal("last words", Encoding.ASCII.GetString(line.ToArray()));
    }

    [Fact]
    public void NoFinalLineWhenTheStreamEndsWithANewline()
    {
        Assert.False(s_framer.TryReadFinalLine(ReadOnlySequence<byte>.Empty, out ReadOnlySequence<byte> line));
        Assert.True(line.IsEmpty);
    }

    [Fact]
    public void FinalLineOverTheLimitIsRejected()
    {
        var framer = new LineFramer { MaxLineLength = 3 };

        Assert.True(framer.TryReadFinalLine(new ReadOnlySequence<byte>(Ascii("abc\r")), out _));
        var ex = Assert.Throws<FramingException>(() => framer.TryReadFinalLine(new ReadOnlySequence<byte>(Ascii("abcd")), out _));
        Assert.Equal(FramingError.LineTooLong, ex.Error);
    }

    [Fact]
    public void FinalLineRefusesBytesThatStillHoldAWholeLine()
    {
        Assert.Throws<ArgumentException>(() => s_framer.TryReadFinalLine(new ReadOnlySequence<byte>(Ascii("a\nb")), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(LineFramer.MaxLineLengthLimit + 1)]
    public void MaxLineLengthOutOfRangeIsRefused(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineFramer { MaxLineLength = value });
    }
}
