using System.Globalization;
using System.Text;

namespace Netwright.Services.Chat.Internal;

internal sealed partial class IrcSession
{
    private void Join(IrcMessage m)
    {
        if (!Require(m, 1))
        {
            return;
        }

        if (m[0] == "0")
        {
            foreach (var joined in client.Rooms.ToArray())
            {
                hub.Part(client, joined, reason: null);
            }

            return;
        }

        var keys = m[1]?.Split(',') ?? [];
        var names = m[0]!.Split(',');
        for (var i = 0; i < names.Length; i++)
        {
            JoinOne(names[i], i < keys.Length ? keys[i] : null);
        }
    }

    private void JoinOne(string name, string? key)
    {
        if (!ChatNames.IsValidChannel(name, hub.Options.ChannelLength))
        {
            client.SendNumeric(Numerics.NoSuchChannel, $"{name} :No such channel");
            return;
        }

        if (hub.FindRoom(name) is { } existing && existing.Contains(client))
        {
            return;
        }

        if (client.Rooms.Count >= hub.Options.MaxChannelsPerClient)
        {
            client.SendNumeric(Numerics.TooManyChannels, $"{name} :You have joined too many channels");
            return;
        }

        if (hub.JoinRefusal(name, client, key) is { } refusal)
        {
            client.SendNumeric(refusal.Numeric, $"{hub.FindRoom(name)?.Name ?? name} :{refusal.Text}");
            return;
        }

        var room = hub.OpenRoom(name, out var created);
        hub.Join(client, room, asOperator: created);
        if (room.Topic is not null)
        {
            SendTopic(room);
        }

        SendNames(room);
    }

    private void Part(IrcMessage m)
    {
        if (!Require(m, 1))
        {
            return;
        }

        foreach (var name in m[0]!.Split(','))
        {
            if (MemberRoom(name) is { } room)
            {
                hub.Part(client, room, m[1]);
            }
        }
    }

    private void Topic(IrcMessage m)
    {
        if (!Require(m, 1))
        {
            return;
        }

        if (hub.FindRoom(m[0]!) is not { } room)
        {
            client.SendNumeric(Numerics.NoSuchChannel, $"{m[0]} :No such channel");
            return;
        }

        if (m.Parameters.Count == 1)
        {
            if (room.Topic is null)
            {
                client.SendNumeric(Numerics.NoTopic, $"{room.Name} :No topic is set");
            }
            else
            {
                SendTopic(room);
            }

            return;
        }

        if (MemberRoom(room.Name) is null || (room.TopicLocked && !CanModerate(room)))
        {
            return;
        }

        hub.SetTopic(client, room, m[1]!);
    }

    private void SendTopic(ChatRoom room)
    {
        client.SendNumeric(Numerics.Topic, $"{room.Name} :{room.Topic}");
        client.SendNumeric(Numerics.TopicWhoTime, $"{room.Name} {room.TopicSetBy} {room.TopicSetAt.ToUnixTimeSeconds()}");
    }

    private void Names(IrcMessage m)
    {
        if (m.Parameters.Count == 0)
        {
            foreach (var room in client.Rooms)
            {
                SendNames(room, end: false);
            }

            client.SendNumeric(Numerics.EndOfNames, "* :End of /NAMES list");
            return;
        }

        foreach (var name in m[0]!.Split(','))
        {
            if (hub.FindRoom(name) is { } room)
            {
                SendNames(room);
            }
            else
            {
                client.SendNumeric(Numerics.EndOfNames, $"{name} :End of /NAMES list");
            }
        }
    }

    /// <summary>353 lines (as many as 512 bytes need), then 366.</summary>
    private void SendNames(ChatRoom room, bool end = true)
    {
        var head = $":{Server} {Numerics.NamReply} {client.Target} = {room.Name} :";
        var line = new StringBuilder(head);
        foreach (var name in hub.MemberNames(room))
        {
            if (line.Length > head.Length && line.Length + name.Length + 1 > IrcText.MaxLineBytes - 2)
            {
                client.SendIrc(line.ToString());
                line.Clear().Append(head);
            }

            line.Append(line.Length > head.Length ? " " : "").Append(name);
        }

        if (line.Length > head.Length)
        {
            client.SendIrc(line.ToString());
        }

        if (end)
        {
            client.SendNumeric(Numerics.EndOfNames, $"{room.Name} :End of /NAMES list");
        }
    }

    private void List(IrcMessage m)
    {
        client.SendNumeric(Numerics.ListStart, "Channel :Users  Name");
        var wanted = m.Parameters.Count > 0 && m[0]!.Length > 0 ? new HashSet<string>(m[0]!.Split(','), IrcCaseMapping.Instance) : null;
        foreach (var (name, count, topic) in hub.ListRooms().Where(r => wanted is null || wanted.Contains(r.Name)))
        {
            client.SendNumeric(Numerics.List, string.Create(CultureInfo.InvariantCulture, $"{name} {count} :{topic}"));
        }

        client.SendNumeric(Numerics.ListEnd, ":End of /LIST");
    }

    private void Kick(IrcMessage m)
    {
        if (!Require(m, 2))
        {
            return;
        }

        if (RoomOrOperPreview(m[0]!) is not { } room)
        {
            client.SendNumeric(Numerics.NoSuchChannel, $"{m[0]} :No such channel");
            return;
        }

        if (!room.Contains(client) && !client.IsOperator)
        {
            client.SendNumeric(Numerics.NotOnChannel, $"{room.Name} :You're not on that channel");
            return;
        }

        if (!CanModerate(room))
        {
            return;
        }

        foreach (var nick in m[1]!.Split(','))
        {
            if (hub.FindNick(nick) is null && hub.Cluster?.FindUser(nick) is { } remote)
            {
                KickRemote(room, remote, m[2]);
            }
            else if (hub.FindNick(nick) is not { } victim)
            {
                client.SendNumeric(Numerics.NoSuchNick, $"{nick} :No such nick/channel");
            }
            else if (!room.Contains(victim))
            {
                client.SendNumeric(Numerics.UserNotInChannel, $"{victim.Nick} {room.Name} :They aren't on that channel");
            }
            else
            {
                hub.Kick(client, room, victim, string.IsNullOrEmpty(m[2]) ? client.Nick! : m[2]!);
            }
        }
    }

    private void KickRemote(ChatRoom room, RemoteUser victim, string? reason)
    {
        if (!victim.Rooms.ContainsKey(room.Name))
        {
            client.SendNumeric(Numerics.UserNotInChannel, $"{victim.Nick} {room.Name} :They aren't on that channel");
            return;
        }

        hub.KickRemote(client, room, victim, string.IsNullOrEmpty(reason) ? client.Nick! : reason);
    }

    private void Invite(IrcMessage m)
    {
        if (!Require(m, 2))
        {
            return;
        }

        if (hub.FindNick(m[0]!) is null && hub.Cluster?.FindUser(m[0]!) is { } remote)
        {
            InviteRemote(remote, m[1]!);
            return;
        }

        if (hub.FindNick(m[0]!) is not { IsRegistered: true } target)
        {
            client.SendNumeric(Numerics.NoSuchNick, $"{m[0]} :No such nick/channel");
            return;
        }

        if (MemberRoom(m[1]!) is not { } room)
        {
            return;
        }

        if (room.Contains(target))
        {
            client.SendNumeric(Numerics.UserOnChannel, $"{target.Nick} {room.Name} :is already on channel");
            return;
        }

        if (room.InviteOnly && !CanModerate(room))
        {
            return;
        }

        room.Invited.Add(target.Nick!);
        hub.Cluster?.Invited(room, client, target.Nick!);
        client.SendNumeric(Numerics.Inviting, $"{target.Nick} {room.Name}");
        if (target.Kind == ClientKind.Irc)
        {
            target.SendIrc($":{client.Mask} INVITE {target.Nick} :{room.Name}");
        }
        else
        {
            target.SendText($"* {client.Nick} invites you to {room.Name} (/join {room.Name})");
        }
    }

    /// <summary>An invitation for a user on another node: its node tells it and lets it in past +i.</summary>
    private void InviteRemote(RemoteUser target, string name)
    {
        if (MemberRoom(name) is not { } room)
        {
            return;
        }

        if (target.Rooms.ContainsKey(room.Name))
        {
            client.SendNumeric(Numerics.UserOnChannel, $"{target.Nick} {room.Name} :is already on channel");
            return;
        }

        if (room.InviteOnly && !CanModerate(room))
        {
            return;
        }

        room.Invited.Add(target.Nick);
        hub.Cluster!.Invited(room, client, target.Nick);
        client.SendNumeric(Numerics.Inviting, $"{target.Nick} {room.Name}");
    }
}
