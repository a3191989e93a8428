using System.Numerics;

namespace Netwright.Services.Timestamp;

/// <summary>
/// Formats a time the way C's <c>ctime()</c> and Python's <c>time.ctime()</c> do, for example
/// <c>Mon Jun  4 11:20:46 2018</c>.
/// </summary>
/// <remarks>
/// The layout is fixed and culture-independent: English three-letter weekday and month names, the day of
/// the month padded with a space to two characters, a 24-hour clock, and the year, with no trailing
/// newline (C's <c>ctime()</c> adds one; Python's does not). The value is formatted as given, whatever its
/// <see cref="DateTime.Kind"/>: like <c>ctime()</c>, callers pass <em>local</em> time, for example
/// <c>timeProvider.GetLocalNow().DateTime</c>.
/// </remarks>
public static class CTime
{
    /// <summary>The number of characters (and UTF-8 bytes) in a formatted time for the years 1000 to 9999.</summary>
    /// <remarks>Years below 1000 are written without padding, as C does, and so are shorter.</remarks>
    public const int Length = 24;

    private const string DayNames = "SunMonTueWedThuFriSat";
    private const string MonthNames = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /// <summary>Formats <paramref name="value"/> in the <c>ctime()</c> layout.</summary>
    /// <param name="value">The time to format, normally local time; its <see cref="DateTime.Kind"/> is ignored.</param>
    /// <returns>The formatted time, such as <c>Mon Jun  4 11:20:46 2018</c>.</returns>
    public static string Format(DateTime value)
    {
        Span<char> buffer = stackalloc char[Length];
        TryFormat(value, buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <summary>Formats <paramref name="value"/> in the <c>ctime()</c> layout into a span of characters.</summary>
    /// <param name="value">The time to format, normally local time; its <see cref="DateTime.Kind"/> is ignored.</param>
    /// <param name="destination">Where the characters go; <see cref="Length"/> characters always suffice.</param>
    /// <param name="charsWritten">The number of characters written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="true"/> on success; <see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormat(DateTime value, Span<char> destination, out int charsWritten) =>
        TryFormatCore(value, destination, out charsWritten);

    /// <summary>Formats <paramref name="value"/> in the <c>ctime()</c> layout as UTF-8 (ASCII) bytes, without allocating.</summary>
    /// <param name="value">The time to format, normally local time; its <see cref="DateTime.Kind"/> is ignored.</param>
    /// <param name="destination">Where the bytes go; <see cref="Length"/> bytes always suffice.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="true"/> on success; <see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormatUtf8(DateTime value, Span<byte> destination, out int bytesWritten) =>
        TryFormatCore(value, destination, out bytesWritten);

    private static bool TryFormatCore<TChar>(DateTime value, Span<TChar> destination, out int written)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        // One calendar computation for all three parts; Year, Month and Day would each repeat it.
        (int year, int month, int day) = value;
        int yearDigits = year >= 1000 ? 4 : year >= 100 ? 3 : year >= 10 ? 2 : 1;
        int length = Length - 4 + yearDigits;
        if (destination.Length < length)
        {
            written = 0;
            return false;
        }

        Span<TChar> d = destination[..length];
        CopyName(DayNames, (int)value.DayOfWeek, d);
        d[3] = TChar.CreateTruncating(' ');
        CopyName(MonthNames, month - 1, d[4..]);
        d[7] = TChar.CreateTruncating(' ');
        d[8] = day >= 10 ? Digit<TChar>(day / 10) : TChar.CreateTruncating(' ');
        d[9] = Digit<TChar>(day % 10);
        d[10] = TChar.CreateTruncating(' ');
        TwoDigits(value.Hour, d[11..]);
        d[13] = TChar.CreateTruncating(':');
        TwoDigits(value.Minute, d[14..]);
        d[16] = TChar.CreateTruncating(':');
        TwoDigits(value.Second, d[17..]);
        d[19] = TChar.CreateTruncating(' ');
        for (int i = length - 1; i >= 20; i--)
        {
            d[i] = Digit<TChar>(year % 10);
            year /= 10;
        }

        written = length;
        return true;
    }

    private static void CopyName<TChar>(string names, int index, Span<TChar> destination)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        ReadOnlySpan<char> name = names.AsSpan(index * 3, 3);
        destination[0] = TChar.CreateTruncating(name[0]);
        destination[1] = TChar.CreateTruncating(name[1]);
        destination[2] = TChar.CreateTruncating(name[2]);
    }

    private static void TwoDigits<TChar>(int value, Span<TChar> destination)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        destination[0] = Digit<TChar>(value / 10);
        destination[1] = Digit<TChar>(value % 10);
    }

    private static TChar Digit<TChar>(int digit)
        where TChar : unmanaged, IBinaryInteger<TChar> => TChar.CreateTruncating('0' + digit);
}
