using System.Buffers;
using Netwright.Framing;
using Netwright.Testing;

namespace Netwright.Tests.Framing;

public sealed class LengthPrefixFramerTests
{
    public static TheoryData<string, int> ChunkingsAndPrefixSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (string chunking in Sequences.Chunkings)
        {
            data.Add(chunking, 2);
            data.Add(chunking, 4);
        }

        return data;
    }

    private static byte[][] SampleMessages()
    {
        var random = new Random(7);
        return [[], [42], Enumerable.Range(0, 300).Select(_ => (byte)random.Next(256)).ToArray(), [0, 0, 0, 0], [0xFF, 0x80]];
    }

    private static byte[] Frame(LengthPrefixFramer framer, params byte[][] messages)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (byte[] message in messages)
        {
            framer.WriteMessage(message, output);
        }

        return output.WrittenSpan.ToArray();
    }

    [Theory]
    [MemberData(nameof(ChunkingsAndPrefixSizes))]
    public void WrittenMessagesRoundTripThroughTheReader(string chunking, int prefixSize)
    {
        var framer = new LengthPrefixFramer { LengthPrefixSize = prefixSize };
        byte[][] messages = SampleMessages();

        FeedResult result = FrameFeeder.Feed(framer, Frame(framer, messages), chunking);

        Assert.Equal(messages, result.Messages);
        Assert.True(result.Remaining.IsEmpty);
    }

    [Fact]
    public void PrefixIsBigEndian()
    {
        byte[] framed = Frame(new LengthPrefixFramer(), new byte[258]);

        Assert.Equal(262, framed.Length);
        Assert.Equal(new byte[] { 0, 0, 1, 2 }, framed.AsSpan(0, 4).ToArray());
        Assert.Equal(new byte[] { 0, 3, 1, 2, 3 }, Frame(new LengthPrefixFramer { LengthPrefixSize = 2 }, [1, 2, 3]));
    }

    [Fact]
    public void TwoMessagesInOneChunkAreBothParsedFromOneBuffer()
    {
        var framer = new LengthPrefixFramer();

        FeedResult result = FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(Frame(framer, [1], [2, 3])));

        Assert.Equal([[1], [2, 3]], result.Messages);
    }

    [Fact]
    public void PrefixAndBodySplitAcrossSegmentsAreReassembled()
    {
        var framer = new LengthPrefixFramer();
        ReadOnlySequence<byte> input = Sequences.FromChunks(new byte[] { 0, 0 }, new byte[] { 0 }, new byte[] { 3, 9 }, Array.Empty<byte>(), new byte[] { 8, 7, 0 });

        FeedResult result = FrameFeeder.ParseAll(framer, input);

        Assert.Equal([[9, 8, 7]], result.Messages);
        Assert.Equal(new byte[] { 0 }, result.Remaining.ToArray());
    }

    [Fact]
    public void PartialMessageIsBufferedUntilComplete()
    {
        var framer = new LengthPrefixFramer();
        var input = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 5, 1, 2 });
        SequencePosition consumed = input.Start;
        SequencePosition examined = input.Start;

        Assert.False(framer.TryParseMessage(input, ref consumed, ref examined, out ReadOnlySequence<byte> message));
        Assert.True(message.IsEmpty);
        Assert.Equal(input.Start, consumed);
        Assert.Equal(input.End, examined);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0, 0 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    public void NegativePrefixIsRejectedAsSoonAsThePrefixArrives(byte[] prefix)
    {
        var framer = new LengthPrefixFramer();

        var ex = Assert.Throws<FramingException>(() => FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(prefix)));

        Assert.Equal(FramingError.InvalidLengthPrefix, ex.Error);
    }

    [Theory]
    [MemberData(nameof(Sequences.Chunkings), MemberType = typeof(Sequences))]
    public void OversizedPrefixIsRejectedBeforeTheBodyArrives(string chunking)
    {
        var framer = new LengthPrefixFramer();

        // 100000 = 0x000186A0, one over Twisted's 99999; no body follows.
        var ex = Assert.Throws<FramingException>(() => FrameFeeder.Feed(framer, [0, 1, 0x86, 0xA0], chunking));

        Assert.Equal(FramingError.MessageTooLong, ex.Error);
        Assert.Contains("99999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageExactlyAtTheLimitIsAcceptedAndOneOverIsNot()
    {
        var framer = new LengthPrefixFramer { MaxMessageLength = 5 };

        FeedResult result = FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 5, 1, 2, 3, 4, 5 }));
        Assert.Equal([[1, 2, 3, 4, 5]], result.Messages);

        var ex = Assert.Throws<FramingException>(() => FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 6 })));
        Assert.Equal(FramingError.MessageTooLong, ex.Error);
    }

    [Fact]
    public void TwoBytePrefixIsUnsigned()
    {
        var framer = new LengthPrefixFramer { LengthPrefixSize = 2, MaxMessageLength = 70000 };
        byte[] body = new byte[65535];
        body[^1] = 1;

        FeedResult result = FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(Sequences.Concat([0xFF, 0xFF], body)));

        Assert.Equal([body], result.Messages);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 2, 1 })]
    public void EndOfStreamMidFrameIsReportedAsTruncated(byte[] leftover)
    {
        var framer = new LengthPrefixFramer();
        FeedResult result = FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(leftover));

        var ex = Assert.Throws<FramingException>(() => framer.ThrowIfTruncated(result.Remaining));

        Assert.Equal(FramingError.TruncatedFrame, ex.Error);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public void EndOfStreamBetweenFramesIsClean()
    {
        var framer = new LengthPrefixFramer();
        FeedResult result = FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(Frame(framer, [1, 2])));

        framer.ThrowIfTruncated(result.Remaining);

        Assert.Single(result.Messages);
    }

    [Fact]
    public void WriterRefusesAMessageOverTheLimitAndWritesNothing()
    {
        var output = new ArrayBufferWriter<byte>();

        var ex = Assert.Throws<FramingException>(() => new LengthPrefixFramer { MaxMessageLength = 3 }.WriteMessage(new byte[4], output));
        Assert.Equal(FramingError.MessageTooLong, ex.Error);

        Assert.Throws<FramingException>(() => new LengthPrefixFramer { LengthPrefixSize = 2, MaxMessageLength = 100000 }.WriteMessage(new byte[65536], output));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void WriterFillsSmallSpansWhenTheBufferWriterHandsThemOut()
    {
        var framer = new LengthPrefixFramer();
        var output = new SmallSpanBufferWriter(maxSpan: 5);
        byte[] message = Enumerable.Range(0, 23).Select(i => (byte)i).ToArray();

        framer.WriteMessage(message, output);

        FeedResult result = FrameFeeder.ParseAll(framer, new ReadOnlySequence<byte>(output.Written));
        Assert.Equal([message], result.Messages);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void UnsupportedPrefixSizeIsRefused(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthPrefixFramer { LengthPrefixSize = size });
    }

    [Fact]
    public void NegativeMaxMessageLengthIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthPrefixFramer { MaxMessageLength = -1 });
    }

    [Fact]
    public void DefaultsMatchTwistedsInt32StringReceiver()
    {
        var framer = new LengthPrefixFramer();

        Assert.Equal(4, framer.LengthPrefixSize);
        Assert.Equal(99999, framer.MaxMessageLength);
    }
}
