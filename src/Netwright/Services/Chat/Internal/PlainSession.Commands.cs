namespace Netwright.Services.Chat.Internal;

internal sealed partial class PlainSession
{
    private const string Help =
        "* Commands: /nick NAME  /join #room  /part [reason]  /rooms  /who  /msg NICK text  /me action  /topic [text]  /quit [reason]  /help";

    private void Command(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var command = (space < 0 ? line[1..] : line[1..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (command)
        {
            case "nick": Nick(rest); break;
            case "join": JoinCommand(rest); break;
            case "part": PartCommand(rest); break;
            case "rooms": Rooms(); break;
            case "who": Who(); break;
            case "msg": Msg(rest); break;
            case "me" when rest.Length > 0: Say(rest, action: true); break;
            case "topic": TopicCommand(rest); break;
            case "quit": client.Close(rest.Length > 0 ? "Quit: " + rest : "Client Quit"); break;
            case "help": client.SendText(Help); break;
            default: client.SendText($"* Unknown command /{command}: /help lists them."); break;
        }
    }

    private void Nick(string nick)
    {
        if (nick.Length == 0)
        {
            client.SendText("* Usage: /nick NAME");
        }
        else if (NickProblem(nick) is { } problem)
        {
            client.SendText("* " + problem);
        }
        else if (nick != client.Nick)
        {
            hub.ChangeNick(client, nick);
        }
    }

    private void JoinCommand(string name)
    {
        if (name.Length == 0)
        {
            client.SendText("* Usage: /join #room");
            return;
        }

        JoinRoom(name);
    }

    private void PartCommand(string reason)
    {
        if (CurrentRoom is not { } room)
        {
            client.SendText("* You are in no room.");
            return;
        }

        hub.Part(client, room, reason.Length > 0 ? reason : null);
        CurrentRoom = null;
        client.SendText($"* You left {room.Name}: /join a room to talk.");
    }

    private void Rooms()
    {
        var rooms = hub.ListRooms();
        client.SendText($"* {rooms.Count} room(s):");
        foreach (var (name, count, topic) in rooms)
        {
            client.SendText($"*   {name} ({count}){(topic is null ? "" : ": " + topic)}");
        }
    }

    private void Who()
    {
        if (CurrentRoom is not { } room)
        {
            client.SendText("* You are in no room.");
            return;
        }

        var names = hub.MemberNames(room).ToList();
        client.SendText($"* In {room.Name} ({names.Count}): {string.Join(", ", names)}");
    }

    private void Msg(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || rest[(space + 1)..].Trim().Length == 0)
        {
            client.SendText("* Usage: /msg NICK text");
            return;
        }

        var nick = rest[..space];
        if (hub.FindNick(nick) is null && hub.Cluster?.FindUser(nick) is { } remote)
        {
            hub.Cluster.SaidTo(remote, client, IrcText.Truncate(rest[(space + 1)..], 400), notice: false);
            client.SendText($"-> *{remote.Nick}* {rest[(space + 1)..]}");
            if (remote.AwayMessage is { } remoteAway)
            {
                client.SendText($"* {remote.Nick} is away: {remoteAway}");
            }

            return;
        }

        if (hub.FindNick(nick) is not { IsRegistered: true } to)
        {
            client.SendText($"* No such nick: {nick}");
            return;
        }

        ChatHub.SayTo(client, to, IrcText.Truncate(rest[(space + 1)..], 400), notice: false);
        client.SendText($"-> *{to.Nick}* {rest[(space + 1)..]}");
        if (to.AwayMessage is { } away)
        {
            client.SendText($"* {to.Nick} is away: {away}");
        }
    }

    private void TopicCommand(string text)
    {
        if (CurrentRoom is not { } room)
        {
            client.SendText("* You are in no room.");
        }
        else if (text.Length == 0)
        {
            client.SendText(room.Topic is null ? $"* {room.Name} has no topic." : $"* Topic of {room.Name}: {room.Topic}");
        }
        else if (room.TopicLocked && !client.IsOperator && (room.StatusOf(client) & MemberStatus.Operator) == 0)
        {
            client.SendText($"* Only the operators of {room.Name} may set its topic.");
        }
        else
        {
            hub.SetTopic(client, room, text);
        }
    }
}
