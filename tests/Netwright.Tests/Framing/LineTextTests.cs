using System.Buffers;
using System.Text;
using Netwright.Framing;
using Netwright.Testing;

namespace Netwright.Tests.Framing;

public sealed class LineTextTests
{
    public static TheoryData<byte[]> InvalidUtf8 => new()
    {
        new byte[] { (byte)'a', 0x80, (byte)'b' },        // lone continuation byte
        new byte[] { (byte)'a', 0xE2, 0x82 },             // truncated three-byte sequence
        new byte[] { 0xE2, 0x82, (byte)'x' },             // truncated sequence followed by ASCII
        new byte[] { 0xC0, 0xAF },                        // overlong '/'
        new byte[] { 0xE0, 0x80, 0xAF },                  // overlong three-byte '/'
        new byte[] { 0xED, 0xA0, 0x80 },                  // UTF-16 surrogate encoded in UTF-8
        new byte[] { 0xF4, 0x90, 0x80, 0x80 },            // above U+10FFFF
        new byte[] { 0xFF },                              // never valid
    };

    [Fact]
    public void DecodeReturnsTheTextOfValidUtf8()
    {
        const string text = "héllo € 𝄞 日本";

        Assert.Equal(text, LineText.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text))));
        Assert.Equal("", LineText.Decode(ReadOnlySequence<byte>.Empty));
    }

    [Fact]
    public void DecodeJoinsACharacterSplitAcrossSegments()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("a€𝄞");
        ReadOnlySequence<byte> line = Sequences.FromChunks(bytes.AsMemory(0, 2), bytes.AsMemory(2, 3), bytes.AsMemory(5));

        Assert.Equal("a€𝄞", LineText.Decode(line));
        Assert.True(LineText.TryDecode(line, out string? text));
        Assert.Equal("a€𝄞", text);
    }

    [Fact]
    public void DecodeHandlesLongMultiSegmentLines()
    {
        string text = string.Concat(Enumerable.Repeat("ünïcødé ", 300));
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        ReadOnlySequence<byte> line = Sequences.FromChunks(Sequences.SplitRandomly(bytes, new Random(3), 1, 100).Select(c => (ReadOnlyMemory<byte>)c));

        Assert.False(line.IsSingleSegment);
        Assert.Equal(text, LineText.Decode(line));
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void InvalidUtf8IsRejected(byte[] bytes)
    {
        var single = new ReadOnlySequence<byte>(bytes);
        ReadOnlySequence<byte> multi = Sequences.FromChunks(Sequences.Split(bytes, "bytes").Select(c => (ReadOnlyMemory<byte>)c));

        foreach (ReadOnlySequence<byte> line in new[] { single, multi })
        {
            var ex = Assert.Throws<FramingException>(() => LineText.Decode(line));
            Assert.Equal(FramingError.InvalidUtf8, ex.Error);
            Assert.False(LineText.TryDecode(line, out string? text));
            Assert.Null(text);
        }
    }

    [Fact]
    public void InvalidUtf8ErrorNamesTheOffendingByte()
    {
        var ex = Assert.Throws<FramingException>(() => LineText.Decode(new ReadOnlySequence<byte>(new byte[] { (byte)'o', (byte)'k', 0x80 })));

        Assert.Contains("0x80 at offset 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LineEnding.Lf, "\n")]
    [InlineData(LineEnding.CrLf, "\r\n")]
    public void WriteLineEncodesTheTextAndTheLineEnding(LineEnding ending, string terminator)
    {
        var output = new ArrayBufferWriter<byte>();

        LineText.WriteLine(output, "grüß", ending);
        LineText.WriteLine(output, "", ending);

        Assert.Equal(Encoding.UTF8.GetBytes($"grüß{terminator}{terminator}"), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteLineDefaultsToLf()
    {
        var output = new ArrayBufferWriter<byte>();

        LineText.WriteLine(output, "x");

        Assert.Equal("x\n"u8.ToArray(), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("trailing\r")]
    public void WriteLineRefusesTextWithCrOrLfAndWritesNothing(string text)
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => LineText.WriteLine(output, text));

        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void WriteLineRefusesALoneSurrogateAndWritesNothing()
    {
        // Built here rather than in InlineData: xUnit's serialization would replace a lone surrogate with U+FFFD.
        string[] texts = ["lone " + '\ud800' + " high", "lone " + '\udc00' + " low", "ends high " + '\ud83d'];
        var output = new ArrayBufferWriter<byte>();

        foreach (string text in texts)
        {
            var ex = Assert.Throws<ArgumentException>(() => LineText.WriteLine(output, text));
            Assert.Contains("surrogate", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void WriteLineRefusesALoneSurrogateInLongTextAndWritesNothing()
    {
        var output = new SmallSpanBufferWriter(maxSpan: 64);

        Assert.Throws<ArgumentException>(() => LineText.WriteLine(output, new string('a', 5000) + "\ud800"));

        Assert.Empty(output.Written);
    }

    [Fact]
    public void WriteLineRefusesAnUndefinedLineEnding()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LineText.WriteLine(new ArrayBufferWriter<byte>(), "x", (LineEnding)7));
    }

    [Theory]
    [MemberData(nameof(Sequences.Chunkings), MemberType = typeof(Sequences))]
    public void WrittenLinesRoundTripThroughTheFramerAndDecode(string chunking)
    {
        string[] lines = ["hello", "", "ça va? 😀", new string('é', 5000), "last"];
        var output = new SmallSpanBufferWriter(maxSpan: 700);
        foreach (string line in lines)
        {
            LineText.WriteLine(output, line, line.Length % 2 == 0 ? LineEnding.Lf : LineEnding.CrLf);
        }

        FeedResult result = FrameFeeder.Feed(new LineFramer(), output.Written, chunking);

        Assert.Equal(lines, result.Messages.Select(m => LineText.Decode(new ReadOnlySequence<byte>(m))).ToArray());
        Assert.True(result.Remaining.IsEmpty);
    }
}
