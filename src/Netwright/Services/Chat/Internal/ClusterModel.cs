namespace Netwright.Services.Chat.Internal;

/// <summary>A user on another node of the cluster, as this node knows it from that node's state and events.</summary>
internal sealed class RemoteUser(string node, string nick, string userName, string host, string realName)
{
    public string Node { get; } = node;

    public string Nick { get; set; } = nick;

    public string UserName { get; } = userName;

    public string Host { get; } = host;

    public string RealName { get; } = realName;

    public string? AwayMessage { get; set; }

    /// <summary>Gets or sets whether the user is an IRC operator on its node (WHOIS 313, WHO and USERHOST <c>*</c>).</summary>
    public bool IsOperator { get; set; }

    /// <summary>Gets the rooms the user is in, with its prefix there (<c>@</c>, <c>+</c> or empty).</summary>
    public Dictionary<string, string> Rooms { get; } = new(IrcCaseMapping.Instance);

    public string Mask => $"{Nick}!{UserName}@{Host}";
}

/// <summary>A room as the cluster knows it: the other nodes' members, the shared topic and the recent history.</summary>
internal sealed class ClusterRoom(string name, int historyLength)
{
    private readonly RoomHistory _history = new(historyLength);

    public string Name { get; } = name;

    public HashSet<RemoteUser> Members { get; } = [];

    public string? Topic { get; set; }

    public string TopicSetBy { get; set; } = "";

    public DateTimeOffset TopicSetAt { get; set; }

    /// <summary>Gets or sets the room's modes as last heard (null: the defaults of a new room).</summary>
    public RoomModes? Modes { get; set; }

    /// <summary>Gets the nicknames invited to the room on any node.</summary>
    public HashSet<string> Invited { get; } = new(IrcCaseMapping.Instance);

    public IEnumerable<HistoryLine> History => _history.Lines;

    public int HistoryCount => _history.Count;

    public void Remember(HistoryLine line) => _history.Remember(line);
}
