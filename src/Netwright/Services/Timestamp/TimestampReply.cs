using Netwright.Framing;

namespace Netwright.Services.Timestamp;

/// <summary>The timestamp service's answers, shared by every transport and style so they cannot drift apart.</summary>
public static class TimestampReply
{
    /// <summary>The reply to a message: <c>[Mon Jun  4 11:20:46 2018] text</c>, in local time as the seeds' <c>ctime()</c>.</summary>
    /// <param name="text">The message as received, without its line ending.</param>
    /// <param name="clock">The clock to read.</param>
    /// <returns>The reply line, without a line ending.</returns>
    public static string For(string text, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return string.Concat(Stamp(clock.GetLocalNow().DateTime), text);
    }

    /// <summary>The last stamp made: <c>[ctime] </c> changes once a second, so busy servers format it once a second.</summary>
    private static StampCache? s_last;

    private static string Stamp(DateTime now)
    {
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        var last = s_last;
        if (last is not null && last.Second == second)
        {
            return last.Text;
        }

        var text = $"[{CTime.Format(now)}] ";
        s_last = new StampCache(second, text);
        return text;
    }

    private sealed record StampCache(long Second, string Text);

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
