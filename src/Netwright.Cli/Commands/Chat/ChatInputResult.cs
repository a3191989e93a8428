namespace Netwright.Cli.Commands.Chat;

/// <summary>What a typed line led to.</summary>
/// <param name="Note">A note for the user (an error, a hint), or null.</param>
/// <param name="Echo">Our own message as others see it (servers do not echo it back), or null.</param>
/// <param name="Quit">Whether the user quit (QUIT has been sent).</param>
internal readonly record struct ChatInputResult(string? Note, string? Echo = null, bool Quit = false);
