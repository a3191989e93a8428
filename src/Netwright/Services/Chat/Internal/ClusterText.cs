using System.Globalization;

namespace Netwright.Services.Chat.Internal;

/// <summary>
/// How the chat's cluster events, state fields and history lines are written: tab-separated fields, the free text
/// last (nicknames and room names never contain tabs or control characters; text never CR, LF or NUL).
/// </summary>
internal static class ClusterText
{
    public const char Separator = '\t';

    /// <summary>Joins fields into one line.</summary>
    public static string Join(params ReadOnlySpan<string> fields) => string.Join(Separator, fields);

    /// <summary>Splits a line into exactly <paramref name="count"/> fields (the last keeps its tabs); null when there are fewer.</summary>
    public static string[]? Split(string line, int count)
    {
        var fields = line.Split(Separator, count);
        return fields.Length == count ? fields : null;
    }

    public static string UserField(string nick) => Join("u", Fold(nick));

    public static string MemberField(string room, string nick) => Join("m", Fold(room), Fold(nick));

    public static string TopicField(string room) => Join("t", Fold(room));

    public static string RoomField(string room) => Join("r", Fold(room));

    public static string AwayField(string nick) => Join("a", Fold(nick));

    public static string OperField(string nick) => Join("o", Fold(nick));

    public static string InviteField(string room, string nick) => Join("i", Fold(room), Fold(nick));

    /// <summary>The RFC 1459 case-folded name, the key in every shared structure.</summary>
    public static string Fold(string name) => IrcCaseMapping.Fold(name);

    public static string History(HistoryLine line) =>
        Join(line.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), line.Nick, line.IsAction ? "A" : "M", line.Text);

    public static HistoryLine? ParseHistory(string text)
    {
        if (Split(text, 4) is not { } f || !long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }

        return new HistoryLine(DateTimeOffset.FromUnixTimeMilliseconds(ms), f[1], f[3], f[2] == "A");
    }

    public static string Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch;
}
