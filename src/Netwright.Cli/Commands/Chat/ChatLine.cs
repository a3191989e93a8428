namespace Netwright.Cli.Commands.Chat;

/// <summary>One line to show: chat (messages, joins, parts) or a server's informational reply.</summary>
/// <param name="Text">The text, without a newline.</param>
/// <param name="IsChat">True for what people do (piped mode prints it on stdout); false for server replies (stderr).</param>
internal readonly record struct ChatLine(string Text, bool IsChat);
