using System.Text;

namespace Netwright.Services.Chat.Internal;

/// <summary>Encodes outgoing IRC lines within the 512-byte limit (CR LF included), cutting at a character boundary.</summary>
internal static class IrcText
{
    public const int MaxLineBytes = 512;

    public static byte[] Encode(string line)
    {
        var count = Encoding.UTF8.GetByteCount(line);
        if (count <= MaxLineBytes - 2)
        {
            var bytes = new byte[count + 2];
            Encoding.UTF8.GetBytes(line, bytes);
            bytes[count] = (byte)'\r';
            bytes[count + 1] = (byte)'\n';
            return bytes;
        }

        var cut = Truncate(line, MaxLineBytes - 2);
        return Encode(cut);
    }

    /// <summary>Cuts text to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            i += width;
        }

        return text[..i];
    }

    /// <summary>The CTCP ACTION form of <c>/me</c>: <c>\x01ACTION text\x01</c>.</summary>
    public static string Action(string text) => $"\u0001ACTION {text}\u0001";

    /// <summary>Reads a CTCP ACTION back into its text, or null for any other message.</summary>
    public static string? ActionText(string text) =>
        text.StartsWith("\u0001ACTION ", StringComparison.Ordinal) ? text[8..].TrimEnd('\u0001') : null;
}
