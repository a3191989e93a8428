using System.Globalization;
using System.Text.RegularExpressions;

namespace Netwright.InteropTests.Infrastructure;

/// <summary>Checks timestamp replies: <c>ctime()</c> text such as <c>Sat Nov  7 05:21:12 2026</c>, close to now.</summary>
internal static class Timestamps
{
    /// <summary>A regex fragment for one ctime() text, captured as <c>time</c>; several captures accumulate.</summary>
    public const string CTime = @"(?<time>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d \d\d:\d\d:\d\d \d{4})";

    /// <summary>Builds a regex for a whole output from a pattern in which <c>{T}</c> stands for a ctime() text; other text is literal.</summary>
    public static Regex Pattern(string pattern) =>
        new("^" + string.Join(CTime, pattern.Split("{T}").Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);

    /// <summary>Asserts that <paramref name="text"/> matches <paramref name="pattern"/> (see <see cref="Pattern"/>) and that every time in it is within two minutes of the local time now.</summary>
    public static void AssertMatches(string pattern, string text, string? context = null)
    {
        var match = Pattern(pattern).Match(text);
        Assert.True(match.Success, $"expected /{Pattern(pattern)}/ but got:\n{Show(text)}\n{context}");
        Assert.True(match.Groups["time"].Captures.Count == pattern.Split("{T}").Length - 1);
        foreach (Capture capture in match.Groups["time"].Captures)
        {
            AssertRecent(capture.Value);
        }
    }

    /// <summary>Asserts that one ctime() text is valid and within two minutes of the local time now (Python and Netwright both use local time).</summary>
    public static void AssertRecent(string ctime)
    {
        var parsed = DateTime.ParseExact(ctime.Replace("  ", " ", StringComparison.Ordinal), "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);
        var skew = (parsed - DateTime.Now).Duration();
        Assert.True(skew < TimeSpan.FromMinutes(2), $"'{ctime}' is {skew.TotalSeconds:0} s away from now ({DateTime.Now:R})");
    }

    /// <summary>Shows control characters, for failure messages.</summary>
    public static string Show(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n\n", StringComparison.Ordinal);
}
