using System.Buffers;
using Netwright.Framing;
using Netwright.Testing;

namespace Netwright.Tests.Properties;

/// <summary>
/// Feeds a stream to an <see cref="IMessageReader{TMessage}"/> in the pieces FsCheck chose, the way a
/// PipeReader loop does: append the piece as a new segment, parse until it asks for more, keep the rest.
/// </summary>
internal static class SplitFeeder
{
    /// <summary>Cuts <paramref name="data"/> at the (wrapped) sizes in <paramref name="sizes"/>, cycling through them.</summary>
    public static IEnumerable<byte[]> Pieces(byte[] data, int[] sizes)
    {
        var offset = 0;
        var next = 0;
        while (offset < data.Length)
        {
            var size = sizes.Length == 0 ? data.Length : 1 + (int)((uint)sizes[next++ % sizes.Length] % 37);
            size = Math.Min(size, data.Length - offset);
            yield return data[offset..(offset + size)];
            offset += size;
        }
    }

    /// <summary>Feeds the pieces and returns the messages (copied) and the unconsumed bytes.</summary>
    public static (List<byte[]> Messages, ReadOnlySequence<byte> Remaining) Feed(IMessageReader<ReadOnlySequence<byte>> reader, IEnumerable<byte[]> pieces)
    {
        var messages = new List<byte[]>();
        var buffer = ReadOnlySequence<byte>.Empty;
        foreach (var piece in pieces)
        {
            buffer = Sequences.Append(buffer, piece);
            while (true)
            {
                var consumed = buffer.Start;
                var examined = buffer.End;
                if (!reader.TryParseMessage(buffer, ref consumed, ref examined, out var message))
                {
                    if (!consumed.Equals(buffer.Start) || !examined.Equals(buffer.End))
                    {
                        throw new InvalidOperationException("an incomplete parse must leave consumed at the start and examined at the end");
                    }

                    break;
                }

                messages.Add(message.ToArray());
                buffer = buffer.Slice(consumed);
            }
        }

        return (messages, buffer);
    }
}
