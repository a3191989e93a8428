using System.Buffers;
using FsCheck.Xunit;
using Netwright.Framing;

namespace Netwright.Tests.Properties;

/// <summary>Properties of <see cref="LengthPrefixFramer"/> (2- and 4-byte prefixes) over streams and splits FsCheck generates.</summary>
public sealed class LengthPrefixFramerProperties
{
    private const int Limit = 300;

    [Property(MaxTest = 300)]
    public bool AnySplitOfValidMessagesParsesToTheSameMessages(byte[][] bodies, int[] sizes, bool shortPrefix)
    {
        var framer = Framer(shortPrefix);
        var messages = bodies.Select(body => body.Take(Limit).ToArray()).ToList();
        var output = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            framer.WriteMessage(message, output);
        }

        var (parsed, rest) = SplitFeeder.Feed(framer, SplitFeeder.Pieces(output.WrittenSpan.ToArray(), sizes));
        framer.ThrowIfTruncated(rest);

        return parsed.Count == messages.Count && parsed.Zip(messages).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
    }

    [Property(MaxTest = 500)]
    public bool ArbitraryBytesThrowNothingButTheFramingError(byte[] data, int[] sizes, bool shortPrefix)
    {
        var framer = Framer(shortPrefix);
        try
        {
            var (parsed, rest) = SplitFeeder.Feed(framer, SplitFeeder.Pieces(data, sizes));
            framer.ThrowIfTruncated(rest);
            return parsed.All(message => message.Length <= Limit);
        }
        catch (FramingException ex)
        {
            return ex.Error is FramingError.MessageTooLong or FramingError.InvalidLengthPrefix or FramingError.TruncatedFrame;
        }
    }

    [Property(MaxTest = 300)]
    public bool APrefixOverTheLimitIsRefusedBeforeItsBody(int declared, bool shortPrefix)
    {
        var framer = Framer(shortPrefix);
        var prefix = shortPrefix ? [(byte)(declared >> 8), (byte)declared] : BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(declared));
        var length = shortPrefix ? (ushort)declared : declared;
        var consumed = default(SequencePosition);
        var examined = default(SequencePosition);
        try
        {
            // Only the prefix has arrived: a bad length must be refused now, not after buffering its body.
            var parsed = framer.TryParseMessage(new ReadOnlySequence<byte>(prefix), ref consumed, ref examined, out _);
            return length is >= 0 and <= Limit && parsed == (length == 0);
        }
        catch (FramingException ex)
        {
            return length < 0 ? ex.Error == FramingError.InvalidLengthPrefix : length > Limit && ex.Error == FramingError.MessageTooLong;
        }
    }

    private static LengthPrefixFramer Framer(bool shortPrefix) => new() { MaxMessageLength = Limit, LengthPrefixSize = shortPrefix ? 2 : 4 };
}
