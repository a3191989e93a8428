using Netwright.Services.Chat.Internal;

namespace Netwright.Services.Chat;

/// <summary>One line from an IRC server, parsed: source, command (or three-digit numeric) and parameters.</summary>
/// <remarks>Message tags (<c>@a=b</c>) are skipped: the client asks for no capability that enables them.</remarks>
public sealed class IrcClientMessage
{
    private IrcClientMessage(string? source, string command, IReadOnlyList<string> parameters, string line)
    {
        Source = source;
        Command = command;
        Parameters = parameters;
        Line = line;
    }

    /// <summary>Gets the source (the prefix without its colon: <c>nick!user@host</c> or a server name), or null when the line has none.</summary>
    public string? Source { get; }

    /// <summary>Gets the nickname part of <see cref="Source"/> (before <c>!</c>), or the whole source, or null.</summary>
    public string? SourceNick => Source is null ? null : Source.Split('!', 2)[0];

    /// <summary>Gets the command, upper-cased; numerics stay three digits (<c>001</c>, <c>433</c>).</summary>
    public string Command { get; }

    /// <summary>Gets the parameters, the trailing one included without its colon.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Gets the line as received, without CR LF.</summary>
    public string Line { get; }

    /// <summary>Gets whether <see cref="Command"/> is a three-digit numeric reply.</summary>
    public bool IsNumeric => Command.Length == 3 && char.IsAsciiDigit(Command[0]) && char.IsAsciiDigit(Command[1]) && char.IsAsciiDigit(Command[2]);

    /// <summary>Gets parameter <paramref name="index"/>, or null when there are fewer.</summary>
    /// <param name="index">The zero-based position.</param>
    public string? this[int index] => index < Parameters.Count ? Parameters[index] : null;

    /// <summary>Parses one line (without CR LF).</summary>
    /// <param name="line">The line.</param>
    /// <returns>The message, or null for an empty line or one without a command.</returns>
    public static IrcClientMessage? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parsed = IrcMessage.Parse(line);
        return parsed is null ? null : new IrcClientMessage(parsed.Prefix, parsed.Command, parsed.Parameters, line);
    }

    /// <summary>Returns the line as received.</summary>
    /// <returns><see cref="Line"/>.</returns>
    public override string ToString() => Line;
}
