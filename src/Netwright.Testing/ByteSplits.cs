namespace Netwright.Testing;

/// <summary>
/// Cuts test input the ways the network does (Twisted's tests loop packet sizes 1–9): whole, one byte at a time, or
/// in seeded random pieces. Feed the pieces with <see cref="InMemoryConnection.PeerWriteChunksAsync"/>.
/// </summary>
public static class ByteSplits
{
    /// <summary>Returns the data as one piece.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>One piece.</returns>
    public static IReadOnlyList<byte[]> Whole(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [data];
    }

    /// <summary>Returns the data one byte per piece.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The pieces.</returns>
    public static IReadOnlyList<byte[]> OneByteAtATime(byte[] data) => Sizes(data, () => 1);

    /// <summary>Returns the data in pieces of 1 to <paramref name="maxPiece"/> bytes drawn from <paramref name="random"/>.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="random">The source of sizes; seed it so a failure can be replayed.</param>
    /// <param name="maxPiece">The largest piece; default 9.</param>
    /// <returns>The pieces.</returns>
    public static IReadOnlyList<byte[]> Random(byte[] data, Random random, int maxPiece = 9)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPiece, 1);
        return Sizes(data, () => random.Next(1, maxPiece + 1));
    }

    private static List<byte[]> Sizes(byte[] data, Func<int> next)
    {
        ArgumentNullException.ThrowIfNull(data);
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < data.Length;)
        {
            var size = Math.Min(next(), data.Length - offset);
            chunks.Add(data.AsSpan(offset, size).ToArray());
            offset += size;
        }

        return chunks;
    }
}
