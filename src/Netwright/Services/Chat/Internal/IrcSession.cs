namespace Netwright.Services.Chat.Internal;

/// <summary>
/// The IRC side of a <see cref="ChatClient"/>: parses each line and runs its command (RFC 1459/2812 with the
/// practice documented at modern.ircdocs.horse). Partial files hold the commands by area: registration,
/// channels, messages and queries, modes. Runs under the hub's lock.
/// </summary>
internal sealed partial class IrcSession(ChatHub hub, ChatClient client)
{
    private string Server => hub.Options.ServerName;

    public void Handle(string line)
    {
        var message = IrcMessage.Parse(line);
        if (message is null)
        {
            return;
        }

        if (!client.IsRegistered && !IsAllowedBeforeRegistration(message.Command))
        {
            // irssi sends an early "JOIN :" and waits: the 451 is what lets it go on (modern.ircdocs.horse).
            client.SendNumeric(Numerics.NotRegistered, ":You have not registered");
            return;
        }

        Run(message);
    }

    private static bool IsAllowedBeforeRegistration(string command) =>
        command is "CAP" or "PASS" or "NICK" or "USER" or "PING" or "PONG" or "QUIT";

    private void Run(IrcMessage m)
    {
        switch (m.Command)
        {
            case "CAP": Cap(m); break;
            case "PASS": Pass(m); break;
            case "NICK": Nick(m); break;
            case "USER": User(m); break;
            case "PING": Ping(m); break;
            case "PONG": break;
            case "QUIT": Quit(m); break;
            case "OPER": Oper(m); break;
            case "LUSERS": SendLusers(); break;
            case "MOTD": SendMotd(); break;
            case "JOIN": Join(m); break;
            case "PART": Part(m); break;
            case "TOPIC": Topic(m); break;
            case "NAMES": Names(m); break;
            case "LIST": List(m); break;
            case "KICK": Kick(m); break;
            case "INVITE": Invite(m); break;
            case "PRIVMSG": Message(m, notice: false); break;
            case "NOTICE": Message(m, notice: true); break;
            case "AWAY": Away(m); break;
            case "ISON": IsOn(m); break;
            case "USERHOST": UserHost(m); break;
            case "WHO": Who(m); break;
            case "WHOIS": WhoIs(m); break;
            case "MODE": Mode(m); break;
            default: client.SendNumeric(Numerics.UnknownCommand, $"{m.Command} :Unknown command"); break;
        }
    }

    /// <summary>Sends 461 and returns false when <paramref name="m"/> has fewer than <paramref name="count"/> parameters.</summary>
    private bool Require(IrcMessage m, int count)
    {
        if (m.Parameters.Count >= count && (count == 0 || m.Parameters[0].Length > 0))
        {
            return true;
        }

        client.SendNumeric(Numerics.NeedMoreParams, $"{m.Command} :Not enough parameters");
        return false;
    }

    /// <summary>Finds a channel the client is on, answering 403 or 442 when it cannot.</summary>
    private ChatRoom? MemberRoom(string name)
    {
        var room = hub.FindRoom(name);
        if (room is null)
        {
            client.SendNumeric(Numerics.NoSuchChannel, $"{name} :No such channel");
            return null;
        }

        if (!room.Contains(client))
        {
            client.SendNumeric(Numerics.NotOnChannel, $"{room.Name} :You're not on that channel");
            return null;
        }

        return room;
    }

    /// <summary>
    /// The room on this node or, for an IRC operator (who may kick and set modes anywhere), a copy of a room only other
    /// nodes have, with the cluster's modes and members: the change goes to those nodes as if made there.
    /// </summary>
    private ChatRoom? RoomOrOperPreview(string name) =>
        hub.FindRoom(name) ?? (client.IsOperator ? hub.Cluster?.Preview(name) : null);

    /// <summary>Whether the client may change the room: a channel operator, or a server operator anywhere.</summary>
    private bool CanModerate(ChatRoom room, bool reply = true)
    {
        if (client.IsOperator || (room.StatusOf(client) & MemberStatus.Operator) != 0)
        {
            return true;
        }

        if (reply)
        {
            client.SendNumeric(Numerics.ChanOPrivsNeeded, $"{room.Name} :You're not channel operator");
        }

        return false;
    }
}
