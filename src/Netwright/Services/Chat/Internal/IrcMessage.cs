namespace Netwright.Services.Chat.Internal;

/// <summary>One parsed IRC line: optional tags and prefix, a command and up to 15 parameters (RFC 1459 §2.3.1, modern.ircdocs.horse).</summary>
internal sealed class IrcMessage
{
    /// <summary>RFC 1459 allows at most 15 parameters; the rest of the line joins the last one.</summary>
    public const int MaxParameters = 15;

    private IrcMessage(string? prefix, string command, List<string> parameters)
    {
        Prefix = prefix;
        Command = command;
        Parameters = parameters;
    }

    /// <summary>Gets the prefix without its colon (servers and clients use it for the source), or null.</summary>
    public string? Prefix { get; }

    /// <summary>Gets the command, upper-cased (numerics stay digits).</summary>
    public string Command { get; }

    /// <summary>Gets the parameters, the trailing one included without its colon.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Gets parameter <paramref name="index"/>, or null when there are fewer.</summary>
    public string? this[int index] => index < Parameters.Count ? Parameters[index] : null;

    /// <summary>Parses a line (without CR LF); message tags (<c>@a=b</c>) are skipped, as no capability enables them.</summary>
    /// <returns>The message, or null for an empty line or one with no command.</returns>
    public static IrcMessage? Parse(string line)
    {
        var span = line.AsSpan().TrimStart(' ');
        if (span.StartsWith('@'))
        {
            span = SkipWord(span);
        }

        string? prefix = null;
        if (span.StartsWith(':'))
        {
            var end = span.IndexOf(' ');
            prefix = end < 0 ? span[1..].ToString() : span[1..end].ToString();
            span = end < 0 ? [] : span[end..].TrimStart(' ');
        }

        var commandEnd = span.IndexOf(' ');
        var command = (commandEnd < 0 ? span : span[..commandEnd]).ToString().ToUpperInvariant();
        if (command.Length == 0)
        {
            return null;
        }

        span = commandEnd < 0 ? [] : span[commandEnd..];
        var parameters = new List<string>();
        while (true)
        {
            span = span.TrimStart(' ');
            if (span.IsEmpty)
            {
                break;
            }

            if (span[0] == ':' || parameters.Count == MaxParameters - 1)
            {
                parameters.Add((span[0] == ':' ? span[1..] : span).ToString());
                break;
            }

            var end = span.IndexOf(' ');
            parameters.Add((end < 0 ? span : span[..end]).ToString());
            span = end < 0 ? [] : span[end..];
        }

        return new IrcMessage(prefix, command, parameters);
    }

    /// <summary>Tells whether a first line is IRC: one of the commands a client opens with (CAP, PASS, NICK with a name, USER).</summary>
    public static bool LooksLikeIrcOpening(string line)
    {
        var message = Parse(line);
        return message?.Command switch
        {
            "CAP" or "PASS" or "USER" => message.Parameters.Count > 0,
            "NICK" => message.Parameters.Count == 1,
            _ => false,
        };
    }

    private static ReadOnlySpan<char> SkipWord(ReadOnlySpan<char> span)
    {
        var end = span.IndexOf(' ');
        return end < 0 ? [] : span[end..].TrimStart(' ');
    }
}
