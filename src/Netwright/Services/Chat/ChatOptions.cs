namespace Netwright.Services.Chat;

/// <summary>Settings of a <see cref="ChatServer"/>: names, limits and timeouts, each with its documented default.</summary>
/// <remarks>
/// Every flood and per-address limit can be turned off with 0, for tests and benchmarks. Change the options
/// before the server is created; the server reads them as it runs.
/// </remarks>
public sealed class ChatOptions
{
    /// <summary>Gets or sets the server's name, the prefix of its IRC messages. Default: the host name.</summary>
    public string ServerName { get; set; } = DefaultServerName();

    /// <summary>Gets or sets the network name sent in ISUPPORT's <c>NETWORK</c> token. Default: <c>Netwright</c>.</summary>
    public string NetworkName { get; set; } = "Netwright";

    /// <summary>Gets or sets the message of the day, one entry per line; null sends 422 (no MOTD). Default: null.</summary>
    public IReadOnlyList<string>? Motd { get; set; }

    /// <summary>Gets or sets the password IRC clients must send with <c>PASS</c>; null for none. Plain clients are refused while one is set. Default: null.</summary>
    public string? Password { get; set; }

    /// <summary>Gets operator names and their passwords for <c>OPER</c>. Operators may kick anywhere and set any channel mode.</summary>
    public IDictionary<string, string> Operators { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the longest nickname, in characters. Default: 30.</summary>
    public int NickLength { get; set; } = 30;

    /// <summary>Gets or sets the longest channel name, in characters, including the <c>#</c>. Default: 50.</summary>
    public int ChannelLength { get; set; } = 50;

    /// <summary>Gets or sets the longest topic, in characters. Default: 300.</summary>
    public int TopicLength { get; set; } = 300;

    /// <summary>Gets or sets how many channels one client may be in. Default: 50.</summary>
    public int MaxChannelsPerClient { get; set; } = 50;

    /// <summary>Gets or sets the plain clients' room. Default: <c>#lobby</c>.</summary>
    public string DefaultRoom { get; set; } = "#lobby";

    /// <summary>Gets or sets how many recent lines of a room a plain client sees on joining. Default: 20.</summary>
    public int HistoryLength { get; set; } = 20;

    /// <summary>Gets or sets the lines per second a client may send on average; 0 turns the flood limit off. Default: 5.</summary>
    public double FloodRate { get; set; } = 5;

    /// <summary>Gets or sets how many lines a client may send at once before the flood limit delays them. Default: 20.</summary>
    public int FloodBurst { get; set; } = 20;

    /// <summary>Gets or sets how many delayed lines may wait before a flooding client is disconnected (<c>Excess Flood</c>). Default: 50.</summary>
    public int FloodQueueLength { get; set; } = 50;

    /// <summary>Gets or sets the bytes that may wait unsent to one client before it is disconnected (<c>SendQ exceeded</c>). Default: 256 KiB, and never more than twice the server's write buffer limit (less 1 KiB for the ERROR line).</summary>
    public long SendQueueLimit { get; set; } = 256 * 1024;

    /// <summary>Gets or sets the most clients at once; 0 for no limit beyond the server's own. Default: 0.</summary>
    public int MaxClients { get; set; }

    /// <summary>Gets or sets the most connections from one IP address; 0 turns the limit off. Default: 10.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 10;

    /// <summary>Gets or sets how long a connection may take to register (IRC) or choose a nickname (plain clients get <c>guestN</c>). Default: 60 s.</summary>
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long a silent connection waits before it is taken as a plain client and asked for a nickname. Default: 1 s.</summary>
    /// <remarks>IRC clients speak first (irssi and WeeChat send <c>CAP LS</c> at once), so a client still silent after this is a person at a line client.</remarks>
    public TimeSpan PlainPromptDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long an IRC client may be silent before the server sends <c>PING</c>. Default: 90 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Gets or sets how long the server waits for the answer to its <c>PING</c> before closing (<c>Ping timeout</c>). Default: 60 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the link to the other nodes of a cluster (Netwright.Chat.Redis's <c>RedisChatBackplane</c>); null for a server alone. Default: null.</summary>
    /// <remarks>The server starts it when created; dispose it after the server.</remarks>
    public IChatBackplane? Backplane { get; set; }

    private static string DefaultServerName()
    {
        var name = System.Net.Dns.GetHostName();
        return string.IsNullOrWhiteSpace(name) || name.Contains(' ', StringComparison.Ordinal) ? "netwright" : name;
    }
}
