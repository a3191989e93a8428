using System.Buffers;
using System.Text.Unicode;
using Netwright.Framing;

namespace Netwright.Services.Timestamp;

/// <summary>The timestamp service's answers, shared by every transport and style so they cannot drift apart.</summary>
internal static class TimestampReply
{
    /// <summary>The reply to a message: <c>[Mon Jun  4 11:20:46 2018] text</c>, in local time as <c>tsTserv.py</c>'s <c>ctime()</c>.</summary>
    /// <param name="text">The message as received, without its line ending.</param>
    /// <param name="clock">The clock to read.</param>
    /// <returns>The reply line, without a line ending.</returns>
    public static string For(string text, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return string.Concat(Stamp(clock).Text, text);
    }

    /// <summary>The most bytes the reply to a line of <paramref name="lineLength"/> bytes can take, its LF included.</summary>
    /// <param name="lineLength">The line's length in bytes, without its line ending.</param>
    /// <returns><c>[</c>, 24 bytes of ctime, <c>] </c>, the line and <c>\n</c> (ctime is shorter only before year 1000).</returns>
    public static int ReplyLength(long lineLength) => checked((int)(StampLength + lineLength + 1));

    /// <summary>
    /// Writes the reply to a line, LF included, as UTF-8 straight into <paramref name="destination"/>: the
    /// allocation-free form of <see cref="For"/> for code that reads lines as bytes.
    /// </summary>
    /// <param name="destination">At least <see cref="ReplyLength"/> bytes.</param>
    /// <param name="line">The line's bytes, without the line ending.</param>
    /// <param name="clock">The clock to read.</param>
    /// <param name="error">Why the line was refused, when it is not UTF-8; the same error the text readers give.</param>
    /// <returns>The bytes written, or 0 when the line is not UTF-8 (then nothing is written).</returns>
    public static int Write(Span<byte> destination, in ReadOnlySequence<byte> line, TimeProvider clock, out FramingException? error)
    {
        ArgumentNullException.ThrowIfNull(clock);
        error = null;
        if (line.IsSingleSegment ? !Utf8.IsValid(line.FirstSpan) : !LineText.TryDecode(line, out _))
        {
            // Decode again for the exact message the string readers give, so both paths answer alike.
            try
            {
                LineText.Decode(line);
            }
            catch (FramingException invalid)
            {
                error = invalid;
            }

            return 0;
        }

        var stamp = Stamp(clock).Utf8;
        stamp.CopyTo(destination);
        line.CopyTo(destination[stamp.Length..]);
        var end = stamp.Length + (int)line.Length;
        destination[end] = (byte)'\n';
        return end + 1;
    }

    /// <summary><c>[</c> + ctime + <c>] </c>, at most.</summary>
    private const int StampLength = CTime.Length + 3;

    /// <summary>The last stamp made: <c>[ctime] </c> changes once a second, so busy servers format it once a second.</summary>
    private static StampCache? s_last;

    private static StampCache Stamp(TimeProvider clock)
    {
        // Keyed on the UTC second and the zone, so the common case reads the clock and nothing more: converting to
        // local time costs more than the rest of a reply. Zone offsets are whole seconds, so one UTC second is one
        // local second.
        var now = clock.GetUtcNow();
        var second = now.UtcTicks / TimeSpan.TicksPerSecond;
        var zone = clock.LocalTimeZone;
        var last = s_last;
        if (last is not null && last.UtcSecond == second && ReferenceEquals(last.Zone, zone))
        {
            return last;
        }

        var text = $"[{CTime.Format(TimeZoneInfo.ConvertTime(now, zone).DateTime)}] ";
        last = new StampCache(second, zone, text, System.Text.Encoding.UTF8.GetBytes(text));
        s_last = last;
        return last;
    }

    private sealed record StampCache(long UtcSecond, TimeZoneInfo Zone, string Text, byte[] Utf8);

    /// <summary>The error line sent for a message the service cannot take.</summary>
    /// <param name="error">What was wrong with it.</param>
    /// <returns>The line, without a line ending.</returns>
    public static string ForError(FramingException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return "error: " + error.Message;
    }

    /// <summary>Whether the connection should close after <paramref name="error"/>: a line too long to frame leaves no trustworthy boundary, bad UTF-8 does.</summary>
    /// <param name="error">What was wrong.</param>
    /// <returns>True to close after the error line.</returns>
    public static bool ClosesConnection(FramingException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Error != FramingError.InvalidUtf8;
    }
}
