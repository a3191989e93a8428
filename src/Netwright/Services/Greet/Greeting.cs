namespace Netwright.Services.Greet;

/// <summary>The greeting service's one message (the tutorial's greeting <c>server.py</c>).</summary>
public static class Greeting
{
    /// <summary>The text sent to every client, with its CRLF.</summary>
    public const string Text = "Thank you for connecting\r\n";

    internal static ReadOnlyMemory<byte> Bytes { get; } = "Thank you for connecting\r\n"u8.ToArray();
}
