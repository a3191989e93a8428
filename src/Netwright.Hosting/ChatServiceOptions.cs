namespace Netwright.Hosting;

/// <summary>
/// The <c>"Chat"</c> of the <c>"Netwright"</c> section: the options of the one chat server every <c>chat</c> listener
/// shares, as <c>netwright serve chat</c> takes them on the command line. Left out, the chat's defaults apply.
/// </summary>
/// <remarks>
/// <code>
/// "Chat": { "ServerName": "irc.example.org", "NetworkName": "Example", "Motd": [ "Be kind." ],
///           "Operators": { "alice": "correct horse" }, "FloodRate": 5 }
/// </code>
/// </remarks>
public sealed class ChatServiceOptions
{
    /// <summary>Gets or sets the server's name, the prefix of its IRC messages (one word); null for the host name.</summary>
    public string? ServerName { get; set; }

    /// <summary>Gets or sets the network name shown to IRC clients (one word); null for <c>Netwright</c>.</summary>
    public string? NetworkName { get; set; }

    /// <summary>Gets the message of the day, one entry a line; empty for none.</summary>
    public IList<string> Motd { get; } = [];

    /// <summary>Gets or sets the server password IRC clients send with <c>PASS</c> (plain clients are then refused); null for none.</summary>
    public string? Password { get; set; }

    /// <summary>Gets the operators: name to password.</summary>
    public IDictionary<string, string> Operators { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the longest nickname, 1 to 100. Default: 30.</summary>
    public int NickLength { get; set; } = 30;

    /// <summary>Gets or sets the lines per second a client may send on average; 0 turns the flood limit off. Default: 5.</summary>
    public double FloodRate { get; set; } = 5;

    /// <summary>Gets or sets the most chat clients at once; 0 for no limit beyond the server's. Default: 0.</summary>
    public int MaxClients { get; set; }

    /// <summary>Gets or sets the most chat clients from one address; 0 for no limit. Default: 10.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 10;
}
