namespace Netwright.Services.Chat.Internal;

/// <summary>IRC masks: <c>*</c> matches any run, <c>?</c> one character, compared with RFC 1459 case mapping.</summary>
internal static class WildcardMatch
{
    public static bool Matches(string mask, string text)
    {
        int m = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (m < mask.Length && (mask[m] == '?' || IrcCaseMapping.Fold(mask[m]) == IrcCaseMapping.Fold(text[t])))
            {
                m++;
                t++;
            }
            else if (m < mask.Length && mask[m] == '*')
            {
                star = m++;
                mark = t;
            }
            else if (star >= 0)
            {
                m = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (m < mask.Length && mask[m] == '*')
        {
            m++;
        }

        return m == mask.Length;
    }

    /// <summary>Completes a partial ban mask: <c>nick</c> becomes <c>nick!*@*</c>, <c>user@host</c> becomes <c>*!user@host</c>.</summary>
    public static string Normalize(string mask)
    {
        if (mask.Contains('!', StringComparison.Ordinal))
        {
            return mask.Contains('@', StringComparison.Ordinal) ? mask : mask + "@*";
        }

        return mask.Contains('@', StringComparison.Ordinal) ? "*!" + mask : mask + "!*@*";
    }
}
