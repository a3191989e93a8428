namespace Netwright.Services.Chat.Internal;

/// <summary>
/// What the nodes share beyond messages and memberships: channel modes (+i +m +n +t +k +l +b, and +o +v on any
/// node's member), invitations, AWAY, OPER and KICK. A node applies its own clients' changes first, then sends them; the
/// others apply them to their copy of the room and tell their own members, as if the change had been made there.
/// </summary>
internal sealed partial class ChatCluster
{
    /// <summary>A local operator changed a room's modes: the new modes and the member changes (<c>+o</c>/<c>-v</c> and a nick each) go to every node.</summary>
    public void ModesChanged(ChatRoom room, ChatClient by, string change, IReadOnlyList<string> memberChanges)
    {
        var modes = RoomModes.Of(room, _hub.Time.GetUtcNow());
        Room(room.Name).Modes = modes;
        if (_hub.FindRoom(room.Name) == room)
        {
            // Kept by the nodes with members; an operator's change to a room only others have (a preview) is kept there.
            _backplane.SetState(ClusterText.RoomField(room.Name), ClusterText.Join([room.Name, .. modes.Write()]));
        }

        foreach (var member in room.Members)
        {
            _backplane.SetState(ClusterText.MemberField(room.Name, member.Nick!), ClusterText.Join(room.Name, member.Nick!, room.StatusOf(member).Prefix()));
        }

        _backplane.Publish(ClusterText.Join(["X", Node, room.Name, by.Mask, .. modes.Write(), string.Join(' ', memberChanges), change]));
    }

    /// <summary>A remote member's prefix as this node shows it, after an operator here changed its status.</summary>
    public static void SetRemoteStatus(RemoteUser user, string room, char mode, bool adding)
    {
        var prefix = user.Rooms.GetValueOrDefault(room) ?? "";
        user.Rooms[room] = (mode, adding) switch
        {
            ('o', true) => "@",
            ('o', false) => "",
            ('v', true) => prefix == "@" ? "@" : "+",
            _ => prefix == "+" ? "" : prefix,
        };
    }

    /// <summary>An invitation to a room, for a user on any node: every node lets the invitee in past +i and +b.</summary>
    public void Invited(ChatRoom room, ChatClient by, string nick)
    {
        Room(room.Name).Invited.Add(nick);
        // Kept in this node's state too, so a node that starts (or reconnects) later lets the invitee in as well.
        _backplane.SetState(ClusterText.InviteField(room.Name, nick), ClusterText.Join(room.Name, nick));
        _backplane.Publish(ClusterText.Join("I", Node, room.Name, by.Mask, nick));
    }

    /// <summary>A local client became an IRC operator (OPER) or stopped being one (MODE -o).</summary>
    public void OperChanged(ChatClient client)
    {
        _backplane.SetState(ClusterText.OperField(client.Nick!), client.IsOperator ? "1" : null);
        _backplane.Publish(ClusterText.Join("O", Node, client.Nick!, client.IsOperator ? "1" : ""));
    }

    /// <summary>A local client set (or cleared, null) its away message.</summary>
    public void AwayChanged(ChatClient client)
    {
        _backplane.SetState(ClusterText.AwayField(client.Nick!), client.AwayMessage);
        _backplane.Publish(ClusterText.Join("A", Node, client.Nick!, client.AwayMessage ?? ""));
    }

    /// <summary>A member (of this node or another) was kicked here; this node has told its own members and removed a local victim.</summary>
    public void Kicked(ChatRoom room, ChatClient by, string victim, string reason)
    {
        // State before event, as everywhere: a node that reads the state sees every event published before (see the backplane).
        if (_users.TryGetValue(victim, out var remote))
        {
            Forget(remote, room.Name);
        }
        else
        {
            _backplane.SetState(ClusterText.MemberField(room.Name, victim), null);
        }

        _backplane.Publish(ClusterText.Join("K", Node, room.Name, by.Mask, victim, reason));
    }

    /// <summary>A copy of a room that only other nodes have, with the cluster's modes and invitations, to check a join against; null when no node has it.</summary>
    public ChatRoom? Preview(string name)
    {
        if (!_rooms.TryGetValue(name, out var shared) || shared.Members.Count == 0)
        {
            return null;
        }

        var room = new ChatRoom(name, _hub.Time.GetUtcNow(), historyLength: 1);
        Adopt(shared, room);
        return room;
    }

    /// <summary>Gives a local room the cluster's modes and invitations.</summary>
    private static void Adopt(ClusterRoom shared, ChatRoom room)
    {
        shared.Modes?.ApplyTo(room);
        room.Invited.UnionWith(shared.Invited);
    }

    /// <summary>Another node's mode change (announced as <paramref name="change"/>), or its stored modes on synchronising (null: not announced).</summary>
    private void ApplyModes(string name, string by, RoomModes modes, string memberChanges, string? change)
    {
        // Kept for a room this node knows (its operator's join came first); a room it knows nothing of stores nothing.
        if (_rooms.TryGetValue(name, out var shared))
        {
            shared.Modes = modes;
        }

        if (_hub.FindRoom(name) is not { } room)
        {
            return;
        }

        Room(name).Modes = modes;

        modes.ApplyTo(room);
        _backplane.SetState(ClusterText.RoomField(name), ClusterText.Join([room.Name, .. modes.Write()]));
        foreach (var item in memberChanges.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            ApplyMemberChange(room, item);
        }

        if (change is not null)
        {
            ChatHub.Broadcast(room, $":{by} MODE {room.Name} {change}", $"* {NickOf(by)} sets mode {change} on {room.Name}", except: null);
        }
    }

    /// <summary>Applies one <c>+onick</c> / <c>-vnick</c> to the member wherever it is.</summary>
    private void ApplyMemberChange(ChatRoom room, string item)
    {
        if (item.Length < 3 || item[0] is not ('+' or '-') || item[1] is not ('o' or 'v'))
        {
            throw new FormatException("bad member mode " + item);
        }

        var (adding, mode, nick) = (item[0] == '+', item[1], item[2..]);
        if (_hub.FindNick(nick) is { } local && room.Contains(local))
        {
            var flag = mode == 'o' ? MemberStatus.Operator : MemberStatus.Voice;
            var status = room.StatusOf(local);
            room.SetStatus(local, adding ? status | flag : status & ~flag);
            _backplane.SetState(ClusterText.MemberField(room.Name, local.Nick!), ClusterText.Join(room.Name, local.Nick!, room.StatusOf(local).Prefix()));
        }
        else if (_users.TryGetValue(nick, out var remote) && remote.Rooms.ContainsKey(room.Name))
        {
            SetRemoteStatus(remote, room.Name, mode, adding);
        }
    }

    /// <summary>Another node's invitation (the invitee, if here, is told), or one read from its state (<paramref name="by"/> null: nobody is).</summary>
    private void ApplyInvite(string name, string? by, string nick)
    {
        if (_rooms.TryGetValue(name, out var shared))
        {
            shared.Invited.Add(nick);
        }

        _hub.FindRoom(name)?.Invited.Add(nick);
        if (by is null || _hub.FindNick(nick) is not { IsRegistered: true } target)
        {
            return;
        }

        if (target.Kind == ClientKind.Irc)
        {
            target.SendIrc($":{by} INVITE {target.Nick} :{name}");
        }
        else
        {
            target.SendText($"* {NickOf(by)} invites you to {name} (/join {name})");
        }
    }

    private void ApplyKick(string name, string by, string victim, string reason)
    {
        var room = _hub.FindRoom(name);
        var nick = NickOf(by);
        if (_hub.FindNick(victim) is { } local && room is not null && room.Contains(local))
        {
            ChatHub.Broadcast(room, $":{by} KICK {room.Name} {local.Nick} :{reason}", $"* {local.Nick} was kicked from {room.Name} by {nick} ({reason})", except: null);
            _backplane.SetState(ClusterText.MemberField(room.Name, local.Nick!), null);
            _hub.RemoveMember(room, local);
            local.Plain?.LostRoom(room);
        }
        else if (_users.TryGetValue(victim, out var remote) && remote.Rooms.ContainsKey(name))
        {
            if (room is not null)
            {
                ChatHub.Broadcast(room, $":{by} KICK {room.Name} {remote.Nick} :{reason}", $"* {remote.Nick} was kicked from {room.Name} by {nick} ({reason})", except: null);
            }

            Forget(remote, name);
        }
    }
}
