namespace Netwright.Services.Chat.Internal;

internal sealed partial class ChatCluster
{
    /// <summary>
    /// Makes this node's picture of another node match that node's stored state: users and memberships that went
    /// are told to the local rooms as quits and parts, new ones as joins (what a netsplit and its rejoin look like).
    /// </summary>
    private void ReplaceNode(string node, IReadOnlyDictionary<string, string> state, string quitReason)
    {
        var users = new Dictionary<string, string[]>(IrcCaseMapping.Instance);
        var rooms = new Dictionary<string, Dictionary<string, string>>(IrcCaseMapping.Instance);
        var topics = new List<string[]>();
        var modes = new List<string[]>();
        var away = new Dictionary<string, string>(IrcCaseMapping.Instance);
        var opers = new HashSet<string>(IrcCaseMapping.Instance);
        var invites = new List<string[]>();
        foreach (var (field, value) in state)
        {
            if (field.StartsWith("u\t", StringComparison.Ordinal) && ClusterText.Split(value, 4) is { } u)
            {
                users[u[0]] = u;
            }
            else if (field.StartsWith("m\t", StringComparison.Ordinal) && ClusterText.Split(value, 3) is { } m)
            {
                if (!rooms.TryGetValue(m[1], out var joined))
                {
                    joined = new Dictionary<string, string>(IrcCaseMapping.Instance);
                    rooms[m[1]] = joined;
                }

                joined[m[0]] = m[2];
            }
            else if (field.StartsWith("t\t", StringComparison.Ordinal) && ClusterText.Split(value, 4) is { } t)
            {
                topics.Add(t);
            }
            else if (field.StartsWith("r\t", StringComparison.Ordinal) && ClusterText.Split(value, 1 + RoomModes.FieldCount) is { } r)
            {
                modes.Add(r);
            }
            else if (field.StartsWith("a\t", StringComparison.Ordinal))
            {
                away[field[2..]] = value;
            }
            else if (field.StartsWith("o\t", StringComparison.Ordinal))
            {
                opers.Add(field[2..]);
            }
            else if (field.StartsWith("i\t", StringComparison.Ordinal) && ClusterText.Split(value, 2) is { } i)
            {
                invites.Add(i);
            }
        }

        foreach (var user in _users.Values.Where(u => u.Node == node && !users.ContainsKey(u.Nick)).ToArray())
        {
            RemoveUser(user, quitReason);
        }

        foreach (var (nick, u) in users)
        {
            if (AddUser(node, nick, u[1], u[2], u[3]) is not { } user)
            {
                continue;
            }

            user.AwayMessage = away.GetValueOrDefault(ClusterText.Fold(nick));
            user.IsOperator = opers.Contains(nick);

            var target = rooms.GetValueOrDefault(nick) ?? [];
            foreach (var name in user.Rooms.Keys.Where(r => !target.ContainsKey(r)).ToArray())
            {
                RemoveMember(user, name, reason: null);
            }

            foreach (var (name, prefix) in target)
            {
                AddMember(user, name, prefix);
            }
        }

        foreach (var i in invites)
        {
            ApplyInvite(i[0], by: null, i[1]);
        }

        foreach (var t in topics)
        {
            var at = ClusterText.ParseTime(t[1]);
            if (at > (FindRoom(t[0])?.TopicSetAt ?? DateTimeOffset.MinValue))
            {
                SetTopic(t[0], t[2], at, t[3]);
            }
        }

        foreach (var r in modes)
        {
            if (TryReadModes(r) is not { } read)
            {
                continue;
            }

            if (read.SetAt > (FindRoom(r[0])?.Modes?.SetAt ?? DateTimeOffset.MinValue))
            {
                ApplyModes(r[0], "*", read, memberChanges: "", change: null);
            }
        }
    }

    private RoomModes? TryReadModes(string[] fields)
    {
        try
        {
            return RoomModes.Read(fields, 1);
        }
        catch (FormatException ex)
        {
            _hub.NoteClusterTrouble("unreadable room modes: " + ex.Message);
            return null;
        }
    }

    /// <summary>After synchronising, fills the history of rooms this node has not heard a line of yet.</summary>
    private async Task LoadHistoriesAsync()
    {
        string[] names;
        lock (_hub.Lock)
        {
            names = [.. _rooms.Values.Where(r => r.HistoryCount == 0).Select(r => r.Name)];
        }

        foreach (var name in names)
        {
            IReadOnlyList<string> lines;
            try
            {
                lines = await _backplane.ReadHistoryAsync(ClusterText.Fold(name)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _hub.NoteClusterTrouble(ex.Message);
                return;
            }

            lock (_hub.Lock)
            {
                if (_rooms.TryGetValue(name, out var room) && room.HistoryCount == 0)
                {
                    foreach (var line in lines.Select(ClusterText.ParseHistory).OfType<HistoryLine>())
                    {
                        room.Remember(line);
                        _hub.FindRoom(name)?.Remember(line);
                    }
                }
            }
        }
    }
}
