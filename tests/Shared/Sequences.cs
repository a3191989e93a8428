using System.Buffers;

namespace Netwright.Testing;

/// <summary>
/// Builds <see cref="ReadOnlySequence{T}"/> values from chunks and splits inputs the ways the network
/// does: whole, one byte at a time, in random (seeded) pieces, or as many segments at once.
/// </summary>
public static class Sequences
{
    /// <summary>
    /// Names of chunkings for theories: <c>whole</c>, <c>bytes</c> (one byte per chunk),
    /// <c>random:SEED</c> (random sizes 1 to 9, fed one chunk at a time) and <c>segments:SEED</c>
    /// (random sizes 0 to 9, empty segments included, handed over at once as one multi-segment sequence).
    /// </summary>
    public static TheoryData<string> Chunkings => new()
    {
        "whole", "bytes", "random:1", "random:2", "random:3", "segments:1", "segments:2",
    };

    /// <summary>Builds a sequence with one segment per chunk (a single chunk gives a single-segment sequence).</summary>
    public static ReadOnlySequence<byte> FromChunks(params ReadOnlyMemory<byte>[] chunks) => FromChunks((IEnumerable<ReadOnlyMemory<byte>>)chunks);

    /// <summary>Builds a sequence with one segment per chunk, empty chunks included.</summary>
    public static ReadOnlySequence<byte> FromChunks(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (ReadOnlyMemory<byte> chunk in chunks)
        {
            var segment = new Segment(chunk, last);
            first ??= segment;
            last = segment;
        }

        if (first is null || last is null)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        return ReferenceEquals(first, last)
            ? new ReadOnlySequence<byte>(first.Memory)
            : new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Builds a sequence from the segments of <paramref name="sequence"/> followed by <paramref name="chunk"/>.</summary>
    public static ReadOnlySequence<byte> Append(in ReadOnlySequence<byte> sequence, ReadOnlyMemory<byte> chunk)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        foreach (ReadOnlyMemory<byte> memory in sequence)
        {
            chunks.Add(memory);
        }

        chunks.Add(chunk);
        return FromChunks(chunks);
    }

    /// <summary>Splits <paramref name="data"/> as the named chunking says (see <see cref="Chunkings"/>).</summary>
    public static IReadOnlyList<byte[]> Split(byte[] data, string chunking)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(chunking);
        string[] parts = chunking.Split(':');
        return parts[0] switch
        {
            "whole" => [data],
            "bytes" => SplitIntoSizes(data, _ => 1),
            "random" => SplitRandomly(data, new Random(int.Parse(parts[1])), minSize: 1, maxSize: 9),
            "segments" => SplitRandomly(data, new Random(int.Parse(parts[1])), minSize: 0, maxSize: 9),
            _ => throw new ArgumentException($"Unknown chunking '{chunking}'.", nameof(chunking)),
        };
    }

    /// <summary>Says whether a chunking hands all chunks over at once as one multi-segment sequence.</summary>
    public static bool IsAllAtOnce(string chunking) => chunking.StartsWith("segments", StringComparison.Ordinal);

    /// <summary>Splits <paramref name="data"/> into chunks of random sizes between the bounds (inclusive).</summary>
    public static IReadOnlyList<byte[]> SplitRandomly(byte[] data, Random random, int minSize, int maxSize)
    {
        ArgumentNullException.ThrowIfNull(random);
        return SplitIntoSizes(data, _ => random.Next(minSize, maxSize + 1));
    }

    /// <summary>Concatenates byte arrays.</summary>
    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static List<byte[]> SplitIntoSizes(byte[] data, Func<int, int> nextSize)
    {
        var chunks = new List<byte[]>();
        int offset = 0;
        while (offset < data.Length)
        {
            int size = Math.Min(nextSize(offset), data.Length - offset);
            chunks.Add(data.AsSpan(offset, size).ToArray());
            offset += size;
        }

        return chunks;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
