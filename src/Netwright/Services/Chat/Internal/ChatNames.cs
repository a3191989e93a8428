namespace Netwright.Services.Chat.Internal;

/// <summary>Nickname and channel-name rules (RFC 2812 §2.3.1, with the modern practice of allowing a leading digit nowhere).</summary>
internal static class ChatNames
{
    private const string Special = "[]\\`_^{|}";

    /// <summary>A nickname: a letter or one of <c>[]\`_^{|}</c>, then letters, digits, those and <c>-</c>; at most <paramref name="maxLength"/>.</summary>
    public static bool IsValidNick(string nick, int maxLength)
    {
        if (nick.Length == 0 || nick.Length > maxLength || !(char.IsAsciiLetter(nick[0]) || Special.Contains(nick[0], StringComparison.Ordinal)))
        {
            return false;
        }

        foreach (var c in nick)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || Special.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A channel: <c>#</c> then at least one character, none of space, comma, BEL, colon or control characters; at most <paramref name="maxLength"/>.</summary>
    public static bool IsValidChannel(string name, int maxLength)
    {
        if (name.Length < 2 || name.Length > maxLength || name[0] != '#')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is ' ' or ',' or ':' or '\a' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets whether a target names a channel rather than a nickname.</summary>
    public static bool IsChannel(string target) => target.StartsWith('#');
}
