using System.Text;

namespace Netwright.Services.Chat.Internal;

/// <summary>
/// A room (an IRC channel): it owns its membership, modes, topic and recent history. Mutated only under the
/// hub's lock; <see cref="Members"/> is replaced, never changed, so a broadcast iterates a stable snapshot.
/// </summary>
internal sealed class ChatRoom(string name, DateTimeOffset created, int historyLength)
{
    private readonly Dictionary<ChatClient, MemberStatus> _status = [];
    private readonly RoomHistory _history = new(historyLength);

    public string Name { get; } = name;

    public DateTimeOffset Created { get; } = created;

    public ChatClient[] Members { get; private set; } = [];

    public string? Topic { get; set; }

    public string TopicSetBy { get; set; } = "";

    public DateTimeOffset TopicSetAt { get; set; }

    public bool InviteOnly { get; set; }

    public bool Moderated { get; set; }

    public bool NoExternalMessages { get; set; } = true;

    public bool TopicLocked { get; set; } = true;

    public string? Key { get; set; }

    public int Limit { get; set; }

    public List<BanEntry> Bans { get; } = [];

    public HashSet<string> Invited { get; } = new(IrcCaseMapping.Instance);

    public IEnumerable<HistoryLine> History => _history.Lines;

    public int Count => Members.Length;

    public bool Contains(ChatClient client) => _status.ContainsKey(client);

    public MemberStatus StatusOf(ChatClient client) => _status.GetValueOrDefault(client);

    public void SetStatus(ChatClient client, MemberStatus status) => _status[client] = status;

    public void Add(ChatClient client, MemberStatus status)
    {
        _status[client] = status;
        Members = [.. Members, client];
    }

    public void Remove(ChatClient client)
    {
        if (_status.Remove(client))
        {
            Members = Array.FindAll(Members, m => m != client);
        }
    }

    public void Remember(HistoryLine line) => _history.Remember(line);

    public bool IsBanned(ChatClient client) => Bans.Exists(b => WildcardMatch.Matches(b.Mask, client.Mask));

    /// <summary>Why the client may not join (ban, invite-only, key, limit), or null when it may.</summary>
    /// <param name="client">The client.</param>
    /// <param name="key">The key it gave.</param>
    /// <param name="elsewhere">How many members the room has on the cluster's other nodes (they count towards +l).</param>
    public (string Numeric, string Text)? JoinRefusal(ChatClient client, string? key, int elsewhere = 0)
    {
        var invited = Invited.Contains(client.Nick!);
        if (IsBanned(client) && !invited)
        {
            return (Numerics.BannedFromChan, "Cannot join channel (+b)");
        }

        if (InviteOnly && !invited)
        {
            return (Numerics.InviteOnlyChan, "Cannot join channel (+i)");
        }

        if (Key is not null && key != Key)
        {
            return (Numerics.BadChannelKey, "Cannot join channel (+k)");
        }

        if (Limit > 0 && Count + elsewhere >= Limit)
        {
            return (Numerics.ChannelIsFull, "Cannot join channel (+l)");
        }

        return null;
    }


    /// <summary>Whether the client may speak here: members unless moderated or banned; voiced members and operators always.</summary>
    public bool CanSend(ChatClient client)
    {
        if (StatusOf(client) != MemberStatus.None)
        {
            return true;
        }

        return (Contains(client) || !NoExternalMessages) && !Moderated && !IsBanned(client);
    }

    /// <summary>The channel modes as <c>+ntk key</c>, with the key and limit shown only to members.</summary>
    public string ModeString(bool showParameters)
    {
        var modes = new StringBuilder("+");
        var parameters = new StringBuilder();
        if (InviteOnly)
        {
            modes.Append('i');
        }

        if (Moderated)
        {
            modes.Append('m');
        }

        if (NoExternalMessages)
        {
            modes.Append('n');
        }

        if (TopicLocked)
        {
            modes.Append('t');
        }

        if (Key is not null)
        {
            modes.Append('k');
            parameters.Append(' ').Append(showParameters ? Key : "*");
        }

        if (Limit > 0)
        {
            modes.Append('l');
            parameters.Append(' ').Append(Limit);
        }

        return modes.Append(parameters).ToString();
    }

    /// <summary>The member's name with its prefix (<c>@</c> operator, <c>+</c> voice), as NAMES shows it.</summary>
    public string Prefixed(ChatClient client) => StatusOf(client).Prefix() + client.Nick;
}

/// <summary>A member's privileges in one room.</summary>
[Flags]
internal enum MemberStatus
{
    None = 0,
    Voice = 1,
    Operator = 2,
}

/// <summary>One ban: the mask, who set it and when (for 367).</summary>
internal sealed record BanEntry(string Mask, string SetBy, DateTimeOffset SetAt);

/// <summary>One remembered line of a room, replayed to plain clients that join.</summary>
internal sealed record HistoryLine(DateTimeOffset At, string Nick, string Text, bool IsAction);

internal static class MemberStatusExtensions
{
    public static string Prefix(this MemberStatus status) =>
        (status & MemberStatus.Operator) != 0 ? "@" : (status & MemberStatus.Voice) != 0 ? "+" : "";
}
