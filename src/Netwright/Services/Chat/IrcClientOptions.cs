namespace Netwright.Services.Chat;

/// <summary>Who an <see cref="IrcClientSession"/> registers as.</summary>
public sealed class IrcClientOptions
{
    /// <summary>Gets the nickname to ask for; on 433 (in use) the session retries with a suffix (<c>alice_</c>, <c>alice2</c>, …).</summary>
    public required string Nick { get; init; }

    /// <summary>Gets the user name sent in <c>USER</c>; null uses the nickname.</summary>
    public string? UserName { get; init; }

    /// <summary>Gets the real name sent in <c>USER</c>. Default: <c>netwright</c>.</summary>
    public string RealName { get; init; } = "netwright";

    /// <summary>Gets the server password sent in <c>PASS</c> before registering, or null for none.</summary>
    public string? Password { get; init; }

    /// <summary>Gets how many other nicknames are tried after a 433 before registration fails. Default: 8.</summary>
    public int NickRetries { get; init; } = 8;

    /// <summary>Gets the longest line accepted from the server, in bytes; longer lines are skipped. Default: 16,384 (room for message tags).</summary>
    public int MaxLineLength { get; init; } = 16384;
}
