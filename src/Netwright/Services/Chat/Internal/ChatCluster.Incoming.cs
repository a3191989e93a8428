namespace Netwright.Services.Chat.Internal;

internal sealed partial class ChatCluster
{
    private const string LostReason = "*.net *.split";

    public void OnMessage(string message) => OnMessages([message]);

    /// <summary>
    /// Applies a run of events under one hold of the hub's lock, as one batch: the clients they reached are flushed
    /// once, on this thread, after the lock is released (not by a pool item per event: one thread hop less).
    /// </summary>
    public void OnMessages(IReadOnlyList<string> messages)
    {
        var outer = _hub.BeginBatch();
        try
        {
            lock (_hub.Lock)
            {
                foreach (var message in messages)
                {
                    ApplyOne(message);
                }
            }
        }
        finally
        {
            _hub.EndBatch(outer);
        }
    }

    private void ApplyOne(string message)
    {
        try
        {
            Apply(message);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // Another node's event this node cannot read (a newer version?): said once in a while, never fatal.
            _hub.NoteClusterTrouble("unreadable event: " + ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One event that fails must not cost the rest of its run (they are applied together).
            _hub.NoteClusterTrouble($"event failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    public void OnDisconnected()
    {
        lock (_hub.Lock)
        {
            _hub.NoteClusterTrouble("the backplane is unreachable; serving this node's clients alone until it returns");
        }
    }

    public void OnNodeLost(string nodeId)
    {
        lock (_hub.Lock)
        {
            ChatLog.Cluster(_hub.Logger, $"node {nodeId} stopped renewing its lease: its users have left");
            ReplaceNode(nodeId, new Dictionary<string, string>(), LostReason);
        }
    }

    public void OnNickLost(string nick)
    {
        lock (_hub.Lock)
        {
            if (_hub.FindNick(nick) is { IsGone: false } client)
            {
                _hub.Disconnect(client, "Nick collision");
            }
        }
    }

    public void OnSynchronized(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> nodes)
    {
        lock (_hub.Lock)
        {
            ChatLog.Cluster(_hub.Logger, $"synchronised with {nodes.Count} other node(s)");
            foreach (var gone in _users.Values.Select(u => u.Node).Where(n => !nodes.ContainsKey(n)).Distinct().ToArray())
            {
                ReplaceNode(gone, new Dictionary<string, string>(), LostReason);
            }

            foreach (var (node, state) in nodes)
            {
                if (node != Node)
                {
                    ReplaceNode(node, state, LostReason);
                }
            }
        }

        _ = LoadHistoriesAsync();
    }

    private void Apply(string message)
    {
        var type = message.Length > 2 && message[1] == ClusterText.Separator ? message[0] : '?';
        var count = type switch { 'U' or 'M' or 'D' or 'T' or 'K' => 6, 'J' or 'P' or 'I' => 5, 'Q' or 'N' or 'A' or 'O' => 4, 'X' => 6 + RoomModes.FieldCount, _ => 0 };
        if (count == 0 || ClusterText.Split(message, count) is not { } f || f[1] == Node)
        {
            throw new FormatException(message.Length > 40 ? message[..40] : message);
        }

        var node = f[1];
        switch (type)
        {
            case 'U': AddUser(node, f[2], f[3], f[4], f[5]); break;
            case 'Q' when OwnedUser(node, f[2]) is { } user: RemoveUser(user, f[3]); break;
            case 'N' when OwnedUser(node, f[2]) is { } user: Rename(user, f[3]); break;
            case 'J' when OwnedUser(node, f[3]) is { } user: AddMember(user, f[2], f[4]); break;
            case 'P' when OwnedUser(node, f[3]) is { } user: RemoveMember(user, f[2], f[4].Length > 0 ? f[4] : null); break;
            // Messages carry the sender's mask, so they are delivered even before this node has read the sender's node.
            case 'M': Deliver(f[3], f[2], f[5], f[4] == "N"); break;
            case 'D' when _hub.FindNick(f[2]) is { IsRegistered: true } to:
                ChatHub.SayTo(NickOf(f[3]), f[3], to, f[5], f[4] == "N");
                break;
            case 'T': SetTopic(f[2], f[3], ClusterText.ParseTime(f[4]), f[5]); break;
            case 'X': ApplyModes(f[2], f[3], RoomModes.Read(f, 4), f[4 + RoomModes.FieldCount], f[5 + RoomModes.FieldCount]); break;
            case 'I': ApplyInvite(f[2], f[3], f[4]); break;
            case 'A' when OwnedUser(node, f[2]) is { } user: user.AwayMessage = f[3].Length > 0 ? f[3] : null; break;
            case 'O' when OwnedUser(node, f[2]) is { } user: user.IsOperator = f[3] == "1"; break;
            case 'K': ApplyKick(f[2], f[3], f[4], f[5]); break;
        }
    }

    private RemoteUser? OwnedUser(string node, string nick) => _users.TryGetValue(nick, out var u) && u.Node == node ? u : null;

    private RemoteUser? AddUser(string node, string nick, string userName, string host, string realName)
    {
        if (_users.TryGetValue(nick, out var existing))
        {
            if (existing.Node != node)
            {
                return null; // the backplane's claim decides; the loser's node disconnects its client
            }

            return existing;
        }

        var user = new RemoteUser(node, nick, userName, host, realName);
        _users.Add(nick, user);
        return user;
    }

    private void RemoveUser(RemoteUser user, string reason)
    {
        _hub.SendToRooms(LocalRooms(user), $":{user.Mask} QUIT :{reason}", $"* {user.Nick} has quit ({reason})");
        foreach (var name in user.Rooms.Keys.ToArray())
        {
            Forget(user, name);
        }

        _users.Remove(user.Nick);
    }

    private void Rename(RemoteUser user, string nick)
    {
        var oldMask = user.Mask;
        var oldNick = user.Nick;
        _users.Remove(oldNick);
        user.Nick = nick;
        _users[nick] = user;
        _hub.SendToRooms(LocalRooms(user), $":{oldMask} NICK :{nick}", $"* {oldNick} is now known as {nick}");
    }

    private void AddMember(RemoteUser user, string name, string prefix)
    {
        if (user.Rooms.ContainsKey(name))
        {
            return;
        }

        user.Rooms[name] = prefix;
        Room(name).Members.Add(user);
        if (_hub.FindRoom(name) is { } room)
        {
            ChatHub.Broadcast(room, $":{user.Mask} JOIN {room.Name}", $"* {user.Nick} has joined {room.Name}", except: null);
        }
    }

    private void RemoveMember(RemoteUser user, string name, string? reason)
    {
        if (!user.Rooms.ContainsKey(name))
        {
            return;
        }

        if (_hub.FindRoom(name) is { } room)
        {
            var irc = reason is null ? $":{user.Mask} PART {room.Name}" : $":{user.Mask} PART {room.Name} :{reason}";
            ChatHub.Broadcast(room, irc, reason is null ? $"* {user.Nick} has left {room.Name}" : $"* {user.Nick} has left {room.Name} ({reason})", except: null);
        }

        Forget(user, name);
    }

    private void Forget(RemoteUser user, string name)
    {
        user.Rooms.Remove(name);
        if (_rooms.TryGetValue(name, out var shared))
        {
            shared.Members.Remove(user);
            RoomMayBeEmpty(name);
        }
    }

    private static string NickOf(string mask) => mask.Split('!')[0];

    private void Deliver(string mask, string name, string text, bool notice)
    {
        var nick = NickOf(mask);
        var line = notice ? null : new HistoryLine(_hub.Time.GetUtcNow(), nick, IrcText.ActionText(text) ?? text, IrcText.ActionText(text) is not null);
        if (line is not null)
        {
            Room(name).Remember(line);
        }

        if (_hub.FindRoom(name) is { } room)
        {
            ChatHub.Deliver(room, nick, mask, text, notice, line);
        }
    }

    private void SetTopic(string name, string by, DateTimeOffset at, string topic)
    {
        var shared = Room(name);
        shared.Topic = topic.Length == 0 ? null : topic;
        shared.TopicSetBy = by;
        shared.TopicSetAt = at;
        if (_hub.FindRoom(name) is { } room)
        {
            room.Topic = shared.Topic;
            room.TopicSetBy = by;
            room.TopicSetAt = at;
            _backplane.SetState(ClusterText.TopicField(name), ClusterText.Join(room.Name, ClusterText.Time(at), by, topic));
            var nick = NickOf(by);
            ChatHub.Broadcast(room, $":{by} TOPIC {room.Name} :{topic}", shared.Topic is null ? $"* {nick} cleared the topic of {room.Name}" : $"* {nick} set the topic of {room.Name}: {topic}", except: null);
        }
    }

    private IEnumerable<ChatRoom> LocalRooms(RemoteUser user) => user.Rooms.Keys.Select(_hub.FindRoom).OfType<ChatRoom>();
}
