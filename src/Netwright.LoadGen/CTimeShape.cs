namespace Netwright.LoadGen;

/// <summary>
/// Checks the header of a timestamp reply, <c>[Mon Jun  4 11:20:46 2018] </c>: a bracket, 24 bytes in C
/// <c>ctime</c> layout (weekday, month, space-padded day, hh:mm:ss, 4-digit year), a bracket and a space.
/// Works on a prefix, so a wrong reply is caught as soon as its first wrong byte arrives.
/// </summary>
internal static class CTimeShape
{
    /// <summary>Bytes of the header before the echoed line: <c>[</c>, 24 ctime bytes, <c>] </c>.</summary>
    public const int HeaderLength = 27;

    private static readonly string[] s_weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Returns the index of the first byte of <paramref name="prefix"/> (the reply's first bytes, at most
    /// <see cref="HeaderLength"/> looked at) that cannot start a well-formed header, or -1; on a mismatch
    /// <paramref name="expected"/> says what the field should hold.
    /// </summary>
    public static int FindMismatch(ReadOnlySpan<byte> prefix, out string expected)
    {
        var header = prefix[..Math.Min(prefix.Length, HeaderLength)];
        var index =
            Literal(header, 0, (byte)'[', "'[' opening the timestamp", out expected) ??
            Name(header, 1, s_weekdays, "a ctime weekday name", out expected) ??
            Literal(header, 4, (byte)' ', "' ' after the weekday", out expected) ??
            Name(header, 5, s_months, "a ctime month name", out expected) ??
            Literal(header, 8, (byte)' ', "' ' after the month", out expected) ??
            Number(header, 9, 1, 31, padded: true, "a space-padded day 1-31", out expected) ??
            Literal(header, 11, (byte)' ', "' ' after the day", out expected) ??
            Number(header, 12, 0, 23, padded: false, "an hour 00-23", out expected) ??
            Literal(header, 14, (byte)':', "':' after the hour", out expected) ??
            Number(header, 15, 0, 59, padded: false, "a minute 00-59", out expected) ??
            Literal(header, 17, (byte)':', "':' after the minute", out expected) ??
            Number(header, 18, 0, 60, padded: false, "a second 00-60", out expected) ??
            Literal(header, 20, (byte)' ', "' ' after the time", out expected) ??
            Year(header, 21, out expected) ??
            Literal(header, 25, (byte)']', "']' closing the timestamp", out expected) ??
            Literal(header, 26, (byte)' ', "' ' before the echoed line", out expected);
        return index ?? -1;
    }

    private static int? Literal(ReadOnlySpan<byte> header, int at, byte value, string what, out string expected)
    {
        expected = what;
        return at < header.Length && header[at] != value ? at : null;
    }

    private static int? Name(ReadOnlySpan<byte> header, int at, string[] names, string what, out string expected)
    {
        expected = what;
        if (at >= header.Length)
        {
            return null;
        }

        var field = header[at..Math.Min(header.Length, at + 3)];
        var best = 0;
        foreach (var name in names)
        {
            var common = 0;
            while (common < field.Length && field[common] == name[common])
            {
                common++;
            }

            if (common == field.Length)
            {
                return null;
            }

            best = Math.Max(best, common);
        }

        return at + best;
    }

    private static int? Number(ReadOnlySpan<byte> header, int at, int min, int max, bool padded, string what, out string expected)
    {
        expected = what;
        if (at >= header.Length)
        {
            return null;
        }

        var first = header[at];
        if (!(char.IsAsciiDigit((char)first) || (padded && first == ' ')) || (padded && first == '0'))
        {
            return at;
        }

        if (at + 1 >= header.Length)
        {
            return first != ' ' && (first - '0') * 10 > max ? at : null;
        }

        var second = header[at + 1];
        if (!char.IsAsciiDigit((char)second))
        {
            return at + 1;
        }

        var tens = first == ' ' ? 0 : first - '0';
        var value = (tens * 10) + (second - '0');
        return value < min ? at + 1 : value > max ? (tens * 10 > max ? at : at + 1) : null;
    }

    private static int? Year(ReadOnlySpan<byte> header, int at, out string expected)
    {
        expected = "a 4-digit year";
        for (var i = at; i < Math.Min(header.Length, at + 4); i++)
        {
            if (!char.IsAsciiDigit((char)header[i]))
            {
                return i;
            }
        }

        return null;
    }
}
