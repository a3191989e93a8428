namespace Netwright.LoadGen;

/// <summary>
/// The bytes the generator sends: one fixed pseudo-random table that every connection reads from its own
/// starting point, so echoed bytes can be checked without allocating and a mixed-up echo (bytes from
/// another connection or an older message) does not match.
/// </summary>
/// <remarks>
/// The table is <see cref="Period"/> bytes followed by a copy of its first <see cref="MaxChunk"/> bytes, so
/// any slice of up to <see cref="MaxChunk"/> bytes starting anywhere in the period is contiguous. The period
/// is odd, so it never lines up with power-of-two message sizes.
/// </remarks>
internal static class PayloadPattern
{
    /// <summary>Length of the repeating pattern; a stream position maps to <c>(start + position) % Period</c>.</summary>
    public const int Period = 1_048_583;

    /// <summary>The largest slice <see cref="Slice"/> hands out (and the largest message size).</summary>
    public const int MaxChunk = 1_048_576;

    private static readonly byte[] s_table = CreateTable();

    /// <summary>Returns where connection <paramref name="connectionId"/>'s byte stream starts in the table.</summary>
    public static int StreamStart(int connectionId) => (int)(((connectionId * 7919L) + 1) % Period);

    /// <summary>Returns the <paramref name="length"/> bytes at <paramref name="position"/> of a connection's stream.</summary>
    public static ReadOnlyMemory<byte> Slice(int streamStart, long position, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxChunk);
        var start = (int)((streamStart + position) % Period);
        return new ReadOnlyMemory<byte>(s_table, start, length);
    }

    /// <summary>Returns the index of the first byte where <paramref name="actual"/> differs from <paramref name="expected"/>, or -1.</summary>
    public static int FindMismatch(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.SequenceEqual(actual))
        {
            return -1;
        }

        var common = expected.CommonPrefixLength(actual);
        return common;
    }

    private static byte[] CreateTable()
    {
        var table = new byte[Period + MaxChunk];
        var state = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < Period; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            table[i] = (byte)((state * 0x2545F4914F6CDD1DUL) >> 56);
        }

        Array.Copy(table, 0, table, Period, MaxChunk);
        return table;
    }
}
