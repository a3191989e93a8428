namespace Netwright.LoadGen;

/// <summary>
/// The line bytes of <c>--reply timestamp</c>: like <see cref="PayloadPattern"/> (one fixed pseudo-random
/// table, a starting point per connection) but only printable ASCII (0x20 to 0x7E), so a request never holds
/// a CR or LF and the server sees exactly one line per message.
/// </summary>
internal static class PrintablePattern
{
    private const int FirstPrintable = 0x20;
    private const int PrintableCount = 0x7F - FirstPrintable;

    private static readonly byte[] s_table = CreateTable();

    /// <summary>Returns the <paramref name="length"/> printable bytes at <paramref name="position"/> of a connection's stream.</summary>
    public static ReadOnlySpan<byte> Slice(int streamStart, long position, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, PayloadPattern.MaxChunk);
        var start = (int)((streamStart + position) % PayloadPattern.Period);
        return new ReadOnlySpan<byte>(s_table, start, length);
    }

    private static byte[] CreateTable()
    {
        var table = new byte[PayloadPattern.Period + PayloadPattern.MaxChunk];
        var state = 0xD1B54A32D192ED03UL;
        for (var i = 0; i < PayloadPattern.Period; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            table[i] = (byte)(FirstPrintable + (int)(((state * 0x2545F4914F6CDD1DUL) >> 32) % PrintableCount));
        }

        Array.Copy(table, 0, table, PayloadPattern.Period, PayloadPattern.MaxChunk);
        return table;
    }
}
