namespace Netwright.Services.Chat.Internal;

/// <summary>
/// This node's part in a cluster (<see cref="ChatOptions.Backplane"/>): it tells the other nodes what its clients
/// do (events, and its state for nodes that synchronise later) and keeps what it hears from them, the other nodes'
/// users, room members, topics and history, so NAMES, WHO, LIST, nickname checks and history see the whole chat.
/// Every member runs under the hub's lock.
/// </summary>
internal sealed partial class ChatCluster : IChatBackplaneListener
{
    private readonly ChatHub _hub;
    private readonly IChatBackplane _backplane;
    private readonly Dictionary<string, RemoteUser> _users = new(IrcCaseMapping.Instance);
    private readonly Dictionary<string, ClusterRoom> _rooms = new(IrcCaseMapping.Instance);

    public ChatCluster(ChatHub hub, IChatBackplane backplane)
    {
        _hub = hub;
        _backplane = backplane;
        Node = backplane.NodeId;
    }

    public string Node { get; }

    public int UserCount => _users.Count;

    public IEnumerable<ClusterRoom> Rooms => _rooms.Values;

    public void Start() => _backplane.Start(this);

    public RemoteUser? FindUser(string nick) => _users.GetValueOrDefault(nick);

    public ClusterRoom? FindRoom(string name) => _rooms.GetValueOrDefault(name);

    /// <summary>Whether another node's user has the nickname (the claim in the backplane decides races).</summary>
    public bool IsNickTaken(string nick) => _users.ContainsKey(nick);

    /// <summary>A client registered: its state is stored, the other nodes hear of it and its nickname is claimed.</summary>
    public void Registered(ChatClient client)
    {
        var nick = client.Nick!;
        _backplane.SetState(ClusterText.UserField(nick), ClusterText.Join(nick, client.UserName, client.Host, client.RealName));
        _backplane.Publish(ClusterText.Join("U", Node, nick, client.UserName, client.Host, client.RealName));
        Claim(client, nick);
    }

    public void Left(ChatClient client, string nick, string reason)
    {
        _backplane.SetState(ClusterText.UserField(nick), null);
        _backplane.SetState(ClusterText.AwayField(nick), null);
        _backplane.SetState(ClusterText.OperField(nick), null);
        foreach (var room in client.Rooms)
        {
            _backplane.SetState(ClusterText.MemberField(room.Name, nick), null);
        }

        // Released before the quit is published (one connection, in order): whoever hears the quit may take the nick.
        _backplane.ReleaseNick(ClusterText.Fold(nick));
        _backplane.Publish(ClusterText.Join("Q", Node, nick, reason));
    }

    public void NickChanged(ChatClient client, string oldNick, string nick)
    {
        _backplane.SetState(ClusterText.UserField(oldNick), null);
        _backplane.SetState(ClusterText.UserField(nick), ClusterText.Join(nick, client.UserName, client.Host, client.RealName));
        _backplane.SetState(ClusterText.AwayField(oldNick), null);
        _backplane.SetState(ClusterText.AwayField(nick), client.AwayMessage);
        _backplane.SetState(ClusterText.OperField(oldNick), null);
        _backplane.SetState(ClusterText.OperField(nick), client.IsOperator ? "1" : null);
        foreach (var room in client.Rooms)
        {
            _backplane.SetState(ClusterText.MemberField(room.Name, oldNick), null);
            _backplane.SetState(ClusterText.MemberField(room.Name, nick), ClusterText.Join(room.Name, nick, room.StatusOf(client).Prefix()));
        }

        _backplane.Publish(ClusterText.Join("N", Node, oldNick, nick));
        if (!IrcCaseMapping.Instance.Equals(oldNick, nick))
        {
            _backplane.ReleaseNick(ClusterText.Fold(oldNick));
            Claim(client, nick);
        }
    }

    /// <summary>Whether the room exists elsewhere in the cluster (then its first local member is not its operator).</summary>
    public bool ExistsElsewhere(string room) => _rooms.TryGetValue(room, out var r) && r.Members.Count > 0;

    /// <summary>Gives a room opened here the cluster's topic and history.</summary>
    public void Opened(ChatRoom room)
    {
        if (!_rooms.TryGetValue(room.Name, out var shared))
        {
            return;
        }

        if (shared.Topic is not null)
        {
            room.Topic = shared.Topic;
            room.TopicSetBy = shared.TopicSetBy;
            room.TopicSetAt = shared.TopicSetAt;
        }

        foreach (var line in shared.History)
        {
            room.Remember(line);
        }

        Adopt(shared, room);
    }

    public void Joined(ChatRoom room, ChatClient client)
    {
        var prefix = room.StatusOf(client).Prefix();
        _backplane.SetState(ClusterText.MemberField(room.Name, client.Nick!), ClusterText.Join(room.Name, client.Nick!, prefix));
        _backplane.Publish(ClusterText.Join("J", Node, room.Name, client.Nick!, prefix));
        Room(room.Name);
    }

    public void Parted(ChatRoom room, ChatClient client, string? reason)
    {
        _backplane.SetState(ClusterText.MemberField(room.Name, client.Nick!), null);
        _backplane.Publish(ClusterText.Join("P", Node, room.Name, client.Nick!, reason ?? ""));
    }

    /// <summary>Forgets a room's shared history once no node has members in it; this node's copy of its topic and modes goes with its last local member.</summary>
    public void RoomMayBeEmpty(string name)
    {
        if (_hub.FindRoom(name) is null)
        {
            _backplane.SetState(ClusterText.TopicField(name), null);
            _backplane.SetState(ClusterText.RoomField(name), null);
            foreach (var nick in _rooms.GetValueOrDefault(name)?.Invited ?? [])
            {
                _backplane.SetState(ClusterText.InviteField(name, nick), null);
            }
        }

        if (_rooms.TryGetValue(name, out var shared) && shared.Members.Count == 0 && _hub.FindRoom(name) is null)
        {
            _rooms.Remove(name);
        }
    }

    public void Said(ChatRoom room, ChatClient from, string text, bool notice, HistoryLine? line)
    {
        _backplane.Publish(ClusterText.Join("M", Node, room.Name, from.Mask, notice ? "N" : "P", text));
        if (line is not null)
        {
            Room(room.Name).Remember(line);
            _backplane.AppendHistory(ClusterText.Fold(room.Name), ClusterText.History(line), _hub.Options.HistoryLength);
        }
    }

    public void SaidTo(RemoteUser to, ChatClient from, string text, bool notice) =>
        _backplane.Publish(ClusterText.Join("D", Node, to.Nick, from.Mask, notice ? "N" : "P", text));

    public void TopicSet(ChatRoom room, ChatClient by)
    {
        var shared = Room(room.Name);
        shared.Topic = room.Topic;
        shared.TopicSetBy = room.TopicSetBy;
        shared.TopicSetAt = room.TopicSetAt;
        _backplane.SetState(ClusterText.TopicField(room.Name), ClusterText.Join(room.Name, ClusterText.Time(room.TopicSetAt), room.TopicSetBy, room.Topic ?? ""));
        _backplane.Publish(ClusterText.Join("T", Node, room.Name, by.Mask, ClusterText.Time(room.TopicSetAt), room.Topic ?? ""));
    }

    private ClusterRoom Room(string name)
    {
        if (!_rooms.TryGetValue(name, out var room))
        {
            room = new ClusterRoom(name, _hub.Options.HistoryLength);
            _rooms.Add(name, room);
        }

        return room;
    }

    /// <summary>Claims the nickname in the backplane; a client that loses a race for it to another node is disconnected.</summary>
    private void Claim(ChatClient client, string nick) => _ = ClaimAsync(client, nick);

    private async Task ClaimAsync(ChatClient client, string nick)
    {
        bool claimed;
        try
        {
            claimed = await _backplane.ClaimNickAsync(ClusterText.Fold(nick)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The backplane promises true when unreachable; any other failure must not take the node down.
            _hub.NoteClusterTrouble(ex.Message);
            return;
        }

        if (!claimed)
        {
            lock (_hub.Lock)
            {
                if (!client.IsGone && IrcCaseMapping.Instance.Equals(client.Nick, nick))
                {
                    _hub.Disconnect(client, "Nick collision");
                }
            }
        }
    }
}
