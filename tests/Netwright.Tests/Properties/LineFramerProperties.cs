using System.Buffers;
using FsCheck.Xunit;
using Netwright.Framing;

namespace Netwright.Tests.Properties;

/// <summary>Properties of <see cref="LineFramer"/> over streams and splits FsCheck generates.</summary>
public sealed class LineFramerProperties
{
    private const int Limit = 64;

    private static readonly LineFramer Framer = new() { MaxLineLength = Limit };

    [Property(MaxTest = 500)]
    public bool AnySplitOfValidLinesParsesToTheSameLines(byte[][] raw, int[] sizes)
    {
        // Valid lines: no LF inside, within the limit; a CR just before the LF is part of the line ending.
        var lines = raw.Select(line => line.Where(b => b != '\n').Take(Limit).ToArray()).ToList();
        var stream = lines.SelectMany(line => line.Append((byte)'\n')).ToArray();
        var expected = lines.Select(line => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line).ToList();

        var (messages, rest) = SplitFeeder.Feed(Framer, SplitFeeder.Pieces(stream, sizes));

        return rest.IsEmpty && messages.Count == expected.Count && messages.Zip(expected).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
    }

    [Property(MaxTest = 500)]
    public bool ArbitraryBytesThrowNothingButTheFramingError(byte[] data, int[] sizes)
    {
        try
        {
            var (_, rest) = SplitFeeder.Feed(Framer, SplitFeeder.Pieces(data, sizes));
            if (Framer.TryReadFinalLine(rest, out var last) && last.Length > Limit)
            {
                return false;
            }

            return true;
        }
        catch (FramingException ex)
        {
            return ex.Error == FramingError.LineTooLong;
        }
    }

    [Property(MaxTest = 500)]
    public bool TheNonThrowingReaderAgreesWithTheThrowingOne(byte[] data)
    {
        var buffer = new ReadOnlySequence<byte>(data);
        var status = Framer.TryReadLine(ref buffer, out var line);
        var consumed = new ReadOnlySequence<byte>(data).Start;
        var examined = consumed;
        try
        {
            var parsed = Framer.TryParseMessage(new ReadOnlySequence<byte>(data), ref consumed, ref examined, out var message);
            return parsed ? status == LineReadStatus.Line && message.ToArray().AsSpan().SequenceEqual(line.ToArray()) : status == LineReadStatus.Incomplete;
        }
        catch (FramingException)
        {
            return status == LineReadStatus.TooLong;
        }
    }

    [Property(MaxTest = 300)]
    public bool DecodingArbitraryBytesThrowsNothingButTheUtf8Error(byte[] data)
    {
        var line = new ReadOnlySequence<byte>(data);
        try
        {
            var text = LineText.Decode(line);
            return LineText.TryDecode(line, out var same) && same == text;
        }
        catch (FramingException ex)
        {
            return ex.Error == FramingError.InvalidUtf8 && !LineText.TryDecode(line, out _);
        }
    }
}
