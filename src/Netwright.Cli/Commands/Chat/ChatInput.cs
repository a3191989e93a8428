using Netwright.Services.Chat;

namespace Netwright.Cli.Commands.Chat;

/// <summary>
/// What a typed (or piped) line does: text goes to the current channel; <c>/join /part /msg /me /nick /topic
/// /names /quit</c> become IRC commands; <c>/quote</c> sends a raw line.
/// </summary>
internal static class ChatInput
{
    public const string Help = "commands: /join #room, /part [#room] [reason], /msg NICK|#room text, /me action, /nick NAME, /topic [text], /names [#room], /quote RAW LINE, /quit [reason]";

    /// <summary>Acts on one line (servers do not echo our own messages, so the result says what to show for them).</summary>
    public static async Task<ChatInputResult> RunAsync(IrcClientSession session, ChatChannels channels, string line, CancellationToken cancellationToken)
    {
        if (line.Length == 0)
        {
            return default;
        }

        if (!line.StartsWith('/') || line.StartsWith("//", StringComparison.Ordinal))
        {
            // "//text" sends "/text" literally, as irssi does.
            var text = line.StartsWith('/') ? line[1..] : line;
            return channels.Current is { } current
                ? await Sent(session.SendMessageAsync(current, text, cancellationToken), $"<{session.Nick}> {text}")
                : new("not in a channel: /join #room first");
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line[1..] : line[1..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : line[(space + 1)..].Trim();
        var (first, tail) = Split(rest);
        switch (verb)
        {
            case "quit" or "exit":
                await session.QuitAsync(rest.Length > 0 ? rest : null, cancellationToken);
                return new(null, Quit: true);
            case "join" when first.Length > 0:
                return await Sent(session.SendAsync($"JOIN {first}{(tail.Length > 0 ? " " + tail : string.Empty)}", cancellationToken));
            case "part" when first.StartsWith('#') || first.StartsWith('&'):
                return await Sent(session.SendAsync(tail.Length > 0 ? $"PART {first} :{tail}" : $"PART {first}", cancellationToken));
            case "part" when channels.Current is { } current:
                return await Sent(session.SendAsync(rest.Length > 0 ? $"PART {current} :{rest}" : $"PART {current}", cancellationToken));
            case "msg" or "query" when first.Length > 0 && tail.Length > 0:
                return await Sent(session.SendMessageAsync(first, tail, cancellationToken), $"-> *{first}* {tail}");
            case "me" when rest.Length > 0 && channels.Current is { } current:
                return await Sent(session.SendActionAsync(current, rest, cancellationToken), $"* {session.Nick} {rest}");
            case "nick" when first.Length > 0:
                return await Sent(session.SendAsync($"NICK {first}", cancellationToken));
            case "topic" when channels.Current is { } current:
                return await Sent(session.SendAsync(rest.Length > 0 ? $"TOPIC {current} :{rest}" : $"TOPIC {current}", cancellationToken));
            case "names" when first.Length > 0 || channels.Current is not null:
                return await Sent(session.SendAsync($"NAMES {(first.Length > 0 ? first : channels.Current)}", cancellationToken));
            case "quote" or "raw" when rest.Length > 0:
                return await Sent(session.SendAsync(rest, cancellationToken));
            case "join" or "part" or "msg" or "query" or "me" or "nick" or "topic" or "names" or "quote" or "raw":
                return new($"/{verb}: missing argument or not in a channel; {Help}");
            default:
                return new($"unknown command /{verb}; {Help}");
        }
    }

    private static async Task<ChatInputResult> Sent(Task sending, string? echo = null)
    {
        await sending;
        return new(null, echo);
    }

    private static (string First, string Tail) Split(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, string.Empty) : (text[..space], text[(space + 1)..].TrimStart());
    }
}
