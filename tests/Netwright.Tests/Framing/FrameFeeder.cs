using System.Buffers;
using Netwright.Framing;
using Netwright.Testing;

namespace Netwright.Tests.Framing;

/// <summary>The messages a reader produced and the bytes it left unconsumed.</summary>
internal sealed record FeedResult(List<byte[]> Messages, ReadOnlySequence<byte> Remaining);

/// <summary>
/// Drives an <see cref="IMessageReader{TMessage}"/> the way a PipeReader loop does: append the next chunk
/// to the unconsumed bytes, parse until it asks for more, advance, repeat. It checks the reader's
/// consumed/examined contract on every call and copies each message before "advancing".
/// </summary>
internal static class FrameFeeder
{
    public static FeedResult Feed(IMessageReader<ReadOnlySequence<byte>> reader, byte[] input, string chunking)
    {
        IReadOnlyList<byte[]> chunks = Sequences.Split(input, chunking);
        if (Sequences.IsAllAtOnce(chunking))
        {
            return ParseAll(reader, Sequences.FromChunks(chunks.Select(c => (ReadOnlyMemory<byte>)c)));
        }

        var messages = new List<byte[]>();
        ReadOnlySequence<byte> buffer = ReadOnlySequence<byte>.Empty;
        foreach (byte[] chunk in chunks)
        {
            buffer = Sequences.Append(buffer, chunk);
            buffer = ParseAvailable(reader, buffer, messages);
        }

        return new FeedResult(messages, buffer);
    }

    public static FeedResult ParseAll(IMessageReader<ReadOnlySequence<byte>> reader, ReadOnlySequence<byte> input)
    {
        var messages = new List<byte[]>();
        ReadOnlySequence<byte> remaining = ParseAvailable(reader, input, messages);
        return new FeedResult(messages, remaining);
    }

    private static ReadOnlySequence<byte> ParseAvailable(IMessageReader<ReadOnlySequence<byte>> reader, ReadOnlySequence<byte> buffer, List<byte[]> messages)
    {
        while (true)
        {
            SequencePosition consumed = buffer.Start;
            SequencePosition examined = buffer.End;
            if (!reader.TryParseMessage(buffer, ref consumed, ref examined, out ReadOnlySequence<byte> message))
            {
                Assert.Equal(buffer.Start, consumed);
                Assert.Equal(buffer.End, examined);
                return buffer;
            }

            Assert.Equal(consumed, examined);
            long consumedBytes = buffer.Slice(buffer.Start, consumed).Length;
            Assert.True(consumedBytes > 0, "A parsed message must consume at least one byte.");
            messages.Add(message.ToArray());
            buffer = buffer.Slice(consumed);
        }
    }
}
