using System.Text;

namespace Netwright.Services.Chat.Internal;

internal sealed partial class ChatHub
{
    /// <summary>Creates a room for its first member, who becomes its operator.</summary>
    public ChatRoom OpenRoom(string name, out bool created)
    {
        created = !_rooms.TryGetValue(name, out var room);
        if (room is null)
        {
            room = new ChatRoom(name, Time.GetUtcNow(), Options.HistoryLength);
            _rooms.Add(name, room);
            if (Cluster is { } cluster)
            {
                // The first to join a room is its operator: the first in the whole cluster.
                created = !cluster.ExistsElsewhere(name);
                cluster.Opened(room);
            }
        }

        return room;
    }

    /// <summary>
    /// Why the client may not join the room (ban, +i, +k, +l), checked against this node's copy of it or, when only other
    /// nodes have it, the cluster's modes; the limit counts the members on every node. Null when it may.
    /// </summary>
    public (string Numeric, string Text)? JoinRefusal(string name, ChatClient client, string? key)
    {
        var room = FindRoom(name) ?? Cluster?.Preview(name);
        return room?.JoinRefusal(client, key, Cluster?.FindRoom(name)?.Members.Count ?? 0);
    }

    /// <summary>Adds a member and tells the room (the joiner included), as <c>JOIN</c> and as a plain announcement.</summary>
    public void Join(ChatClient client, ChatRoom room, bool asOperator)
    {
        room.Add(client, asOperator ? MemberStatus.Operator : MemberStatus.None);
        room.Invited.Remove(client.Nick!);
        client.Rooms.Add(room);
        Broadcast(room, $":{client.Mask} JOIN {room.Name}", $"* {client.Nick} has joined {room.Name}", except: null);
        Cluster?.Joined(room, client);
    }

    public void Part(ChatClient client, ChatRoom room, string? reason)
    {
        var irc = reason is null ? $":{client.Mask} PART {room.Name}" : $":{client.Mask} PART {room.Name} :{reason}";
        Broadcast(room, irc, reason is null ? $"* {client.Nick} has left {room.Name}" : $"* {client.Nick} has left {room.Name} ({reason})", except: null);
        Cluster?.Parted(room, client, reason);
        RemoveMember(room, client);
    }

    public void Kick(ChatClient by, ChatRoom room, ChatClient victim, string reason)
    {
        Broadcast(room, $":{by.Mask} KICK {room.Name} {victim.Nick} :{reason}", $"* {victim.Nick} was kicked from {room.Name} by {by.Nick} ({reason})", except: null);
        Cluster?.Kicked(room, by, victim.Nick!, reason);
        RemoveMember(room, victim);
        victim.Plain?.LostRoom(room);
    }

    /// <summary>Kicks a member on another node: this node's members hear it now, that node removes it when the kick arrives.</summary>
    public void KickRemote(ChatClient by, ChatRoom room, RemoteUser victim, string reason)
    {
        Broadcast(room, $":{by.Mask} KICK {room.Name} {victim.Nick} :{reason}", $"* {victim.Nick} was kicked from {room.Name} by {by.Nick} ({reason})", except: null);
        Cluster?.Kicked(room, by, victim.Nick, reason);
    }

    public void RemoveMember(ChatRoom room, ChatClient client)
    {
        room.Remove(client);
        client.Rooms.Remove(room);
        if (room.Count == 0)
        {
            _rooms.Remove(room.Name);
            Cluster?.RoomMayBeEmpty(room.Name);
        }
    }

    /// <summary>A message to a room: <c>PRIVMSG</c>/<c>NOTICE</c> for IRC members, <c>&lt;nick&gt; text</c> for plain ones; kept in the history.</summary>
    public void Say(ChatClient from, ChatRoom room, string text, bool notice)
    {
        from.Metrics?.ChatMessage(System.Text.Encoding.UTF8.GetByteCount(text));
        var action = IrcText.ActionText(text);
        var line = notice ? null : new HistoryLine(Time.GetUtcNow(), from.Nick!, action ?? text, action is not null);
        Deliver(room, from.Nick!, from.Mask, text, notice, line, except: from);
        Cluster?.Said(room, from, text, notice, line);
    }

    /// <summary>Renders a message to a room for its local members (all but <paramref name="except"/>) and keeps it in the history.</summary>
    public static void Deliver(ChatRoom room, string nick, string mask, string text, bool notice, HistoryLine? line, ChatClient? except = null)
    {
        var irc = FitMessage($":{mask} {(notice ? "NOTICE" : "PRIVMSG")} {room.Name} :", text);
        var action = IrcText.ActionText(text);
        var plain = action is not null ? $"* {nick} {action}" : notice ? $"-{nick}- {text}" : $"<{nick}> {text}";
        Broadcast(room, irc, plain, except);
        if (line is not null)
        {
            room.Remember(line);
        }
    }

    /// <summary>A private message to one client.</summary>
    public static void SayTo(ChatClient from, ChatClient to, string text, bool notice)
    {
        from.Metrics?.ChatMessage(System.Text.Encoding.UTF8.GetByteCount(text));
        SayTo(from.Nick!, from.Mask, to, text, notice);
    }

    /// <summary>A private message to one client from a nick and mask (a local client or one on another node).</summary>
    public static void SayTo(string fromNick, string fromMask, ChatClient to, string text, bool notice)
    {
        if (to.Kind == ClientKind.Irc)
        {
            to.SendIrc(FitMessage($":{fromMask} {(notice ? "NOTICE" : "PRIVMSG")} {to.Nick} :", text));
            return;
        }

        var action = IrcText.ActionText(text);
        to.SendText(action is not null ? $"*{fromNick}* * {fromNick} {action}" : $"*{fromNick}* {text}");
    }

    public void ChangeNick(ChatClient client, string nick)
    {
        var oldMask = client.Mask;
        var oldNick = client.Nick!;
        TryClaimNick(client, nick);
        SendToAudience(client, $":{oldMask} NICK :{nick}", $"* {oldNick} is now known as {nick}", includeSelf: true);
        Cluster?.NickChanged(client, oldNick, nick);
    }

    public void SetTopic(ChatClient by, ChatRoom room, string topic)
    {
        topic = topic.Length > Options.TopicLength ? topic[..Options.TopicLength] : topic;
        room.Topic = topic.Length == 0 ? null : topic;
        room.TopicSetBy = by.Mask;
        room.TopicSetAt = Time.GetUtcNow();
        Broadcast(room, $":{by.Mask} TOPIC {room.Name} :{topic}", room.Topic is null ? $"* {by.Nick} cleared the topic of {room.Name}" : $"* {by.Nick} set the topic of {room.Name}: {topic}", except: null);
        Cluster?.TopicSet(room, by);
    }

    public static void AnnounceMode(ChatClient by, ChatRoom room, string change) =>
        Broadcast(room, $":{by.Mask} MODE {room.Name} {change}", $"* {by.Nick} sets mode {change} on {room.Name}", except: null);

    /// <summary>Sends one event to every member but <paramref name="except"/>, encoded once per client kind.</summary>
    public static void Broadcast(ChatRoom room, string irc, string? plain, ChatClient? except)
    {
        byte[]? ircBytes = null;
        byte[]? plainBytes = null;
        foreach (var member in room.Members)
        {
            if (member == except)
            {
                continue;
            }

            if (member.Kind == ClientKind.Irc)
            {
                member.Send(ircBytes ??= IrcText.Encode(irc));
            }
            else if (plain is not null)
            {
                member.Send(plainBytes ??= Encoding.UTF8.GetBytes(plain + "\r\n"));
            }
        }
    }

    /// <summary>Sends an event once to everyone who shares a room with <paramref name="client"/> (quits, nick changes).</summary>
    private void SendToAudience(ChatClient client, string irc, string plain, bool includeSelf)
    {
        _audience.Clear();
        foreach (var room in client.Rooms)
        {
            _audience.UnionWith(room.Members);
        }

        if (includeSelf)
        {
            _audience.Add(client);
        }
        else
        {
            _audience.Remove(client);
        }

        SendToAudience(irc, plain);
    }

    /// <summary>Sends an event once to every local member of the rooms (another node's user quit or changed nick).</summary>
    public void SendToRooms(IEnumerable<ChatRoom> rooms, string irc, string plain)
    {
        _audience.Clear();
        foreach (var room in rooms)
        {
            _audience.UnionWith(room.Members);
        }

        SendToAudience(irc, plain);
    }

    private void SendToAudience(string irc, string plain)
    {
        byte[]? ircBytes = null;
        byte[]? plainBytes = null;
        foreach (var member in _audience)
        {
            if (member.Kind == ClientKind.Irc)
            {
                member.Send(ircBytes ??= IrcText.Encode(irc));
            }
            else
            {
                member.Send(plainBytes ??= Encoding.UTF8.GetBytes(plain + "\r\n"));
            }
        }

        _audience.Clear();
    }

    /// <summary>The room's members with their prefixes, this node's and then the other nodes' (NAMES, /who).</summary>
    public IEnumerable<string> MemberNames(ChatRoom room)
    {
        foreach (var member in room.Members)
        {
            yield return room.Prefixed(member);
        }

        foreach (var remote in Cluster?.FindRoom(room.Name)?.Members ?? [])
        {
            yield return remote.Rooms.GetValueOrDefault(room.Name) + remote.Nick;
        }
    }

    /// <summary>Every room of the chat with its members on all nodes and its topic (LIST, /rooms).</summary>
    public List<(string Name, int Count, string? Topic)> ListRooms()
    {
        var list = _rooms.Values.Select(r => (r.Name, r.Count + (Cluster?.FindRoom(r.Name)?.Members.Count ?? 0), r.Topic)).ToList();
        if (Cluster is { } cluster)
        {
            list.AddRange(cluster.Rooms.Where(r => r.Members.Count > 0 && !_rooms.ContainsKey(r.Name)).Select(r => (r.Name, r.Members.Count, r.Topic)));
        }

        return list;
    }

    /// <summary>Cuts the text so the relayed line, prefix included, stays within 512 bytes.</summary>
    private static string FitMessage(string head, string text) =>
        head + IrcText.Truncate(text, IrcText.MaxLineBytes - 2 - Encoding.UTF8.GetByteCount(head));
}
