using Netwright.Services.Chat;

namespace Netwright.Cli.Commands.Chat;

/// <summary>
/// Turns server messages into the lines a person reads: <c>&lt;alice&gt; hi</c> in the current channel,
/// <c>[#other] &lt;alice&gt; hi</c> elsewhere, <c>*bob* hi</c> privately, <c>* alice has joined #room</c>.
/// </summary>
internal static class ChatFormatter
{
    /// <summary>Formats <paramref name="message"/>, or returns null for what is not worth showing (PING, CAP, end-of-list numerics).</summary>
    public static ChatLine? Format(IrcClientMessage message, string ownNick, string? currentChannel)
    {
        var who = message.SourceNick ?? "?";
        switch (message.Command)
        {
            case "NOTICE" when message.Source is null || !message.Source.Contains('!', StringComparison.Ordinal):
                // A server's notice (connection statistics, "looking up your hostname") is not chat.
                return Info($"-{who}- {message[1]}");
            case "PRIVMSG" or "NOTICE" when message[0] is { } target && message[1] is { } text:
                return Chat(FormatMessage(message.Command, who, target, text, ownNick, currentChannel));
            case "JOIN":
                return Chat($"* {who} has joined {message[0]}");
            case "PART":
                return Chat($"* {who} has left {message[0]}{Reason(message[1])}");
            case "QUIT":
                return Chat($"* {who} has quit{Reason(message[0])}");
            case "NICK":
                return Chat($"* {who} is now known as {message[0]}");
            case "KICK":
                return Chat($"* {message[1]} was kicked from {message[0]} by {who}{Reason(message[2])}");
            case "TOPIC":
                return Chat($"* {who} sets the topic of {message[0]}: {message[1]}");
            case "MODE" when message.Parameters.Count > 1:
                return Chat($"* {who} sets mode {string.Join(' ', message.Parameters.Skip(1))} on {message[0]}");
            case "INVITE":
                return Chat($"* {who} invites you to {message[1]}");
            case "ERROR":
                return Info($"* closing: {message[0]}");
            case "332":
                return Info($"* topic of {message[1]}: {message[2]}");
            case "353":
                return Info($"* names {message[2]}: {message[3]}");
            case "PING" or "PONG" or "CAP" or "005" or "366" or "333" or "329" or "315" or "368":
                return null;
            case { } numeric when message.IsNumeric:
                // Most replies are "<me> [context...] :text"; show the context words and the text.
                return Info($"- {string.Join(' ', message.Parameters.Skip(1))}");
            default:
                return Info($"- {message.Line}");
        }
    }

    private static string FormatMessage(string command, string who, string target, string text, string ownNick, string? currentChannel)
    {
        var action = IrcClientSession.ActionText(text);
        var toMe = IrcClientSession.SameName(target, ownNick);
        var where = toMe || IrcClientSession.SameName(target, currentChannel) ? string.Empty : $"[{target}] ";
        return (command, action, toMe) switch
        {
            (_, { } act, _) => $"{where}* {who} {act}",
            ("NOTICE", _, _) => $"{where}-{who}- {text}",
            (_, _, true) => $"*{who}* {text}",
            _ => $"{where}<{who}> {text}",
        };
    }

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? string.Empty : $" ({reason})";

    private static ChatLine Chat(string text) => new(text, IsChat: true);

    private static ChatLine Info(string text) => new(text, IsChat: false);
}
