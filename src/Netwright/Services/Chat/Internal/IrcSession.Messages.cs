using System.Globalization;

namespace Netwright.Services.Chat.Internal;

internal sealed partial class IrcSession
{
    private void Message(IrcMessage m, bool notice)
    {
        // NOTICE never draws an automatic reply (RFC 2812 §3.3.2), errors included.
        if (m.Parameters.Count == 0 || m[0]!.Length == 0)
        {
            Error(notice, Numerics.NoRecipient, $":No recipient given ({m.Command})");
            return;
        }

        if (m.Parameters.Count < 2 || m[1]!.Length == 0)
        {
            Error(notice, Numerics.NoTextToSend, ":No text to send");
            return;
        }

        foreach (var target in m[0]!.Split(',').Take(4))
        {
            if (ChatNames.IsChannel(target))
            {
                if (hub.FindRoom(target) is not { } room)
                {
                    Error(notice, Numerics.NoSuchChannel, $"{target} :No such channel");
                }
                else if (!room.CanSend(client))
                {
                    Error(notice, Numerics.CannotSendToChan, $"{room.Name} :Cannot send to channel");
                }
                else
                {
                    hub.Say(client, room, m[1]!, notice);
                }
            }
            else if (hub.FindNick(target) is { IsRegistered: true } to)
            {
                ChatHub.SayTo(client, to, m[1]!, notice);
                if (!notice && to.AwayMessage is { } away)
                {
                    client.SendNumeric(Numerics.Away, $"{to.Nick} :{away}");
                }
            }
            else if (hub.Cluster?.FindUser(target) is { } remote)
            {
                hub.Cluster.SaidTo(remote, client, m[1]!, notice);
                if (!notice && remote.AwayMessage is { } away)
                {
                    client.SendNumeric(Numerics.Away, $"{remote.Nick} :{away}");
                }
            }
            else
            {
                Error(notice, Numerics.NoSuchNick, $"{target} :No such nick/channel");
            }
        }
    }

    private void Error(bool quiet, string numeric, string text)
    {
        if (!quiet)
        {
            client.SendNumeric(numeric, text);
        }
    }

    private void Away(IrcMessage m)
    {
        if (string.IsNullOrEmpty(m[0]))
        {
            client.AwayMessage = null;
            client.SendNumeric(Numerics.Unaway, ":You are no longer marked as being away");
            hub.Cluster?.AwayChanged(client);
            return;
        }

        client.AwayMessage = m[0]!.Length > 200 ? m[0]![..200] : m[0];
        client.SendNumeric(Numerics.NowAway, ":You have been marked as being away");
        hub.Cluster?.AwayChanged(client);
    }

    private void IsOn(IrcMessage m)
    {
        if (!Require(m, 1))
        {
            return;
        }

        var online = m.Parameters.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(n => hub.FindNick(n) is { IsRegistered: true } c ? c.Nick : hub.Cluster?.FindUser(n)?.Nick).OfType<string>();
        client.SendNumeric(Numerics.IsOn, ":" + string.Join(' ', online));
    }

    private void UserHost(IrcMessage m)
    {
        if (!Require(m, 1))
        {
            return;
        }

        // RFC 2812 3.2.4 / 6.2 (302): nick['*']=('+'|'-')user@host, for users on every node.
        var replies = m.Parameters.Take(5).Select(n => hub.FindNick(n) is { IsRegistered: true } c
                ? UserHostReply(c.Nick!, c.IsOperator, c.AwayMessage is not null, c.UserName, c.Host)
                : hub.Cluster?.FindUser(n) is { } r ? UserHostReply(r.Nick, r.IsOperator, r.AwayMessage is not null, r.UserName, r.Host) : null)
            .OfType<string>();
        client.SendNumeric(Numerics.UserHost, ":" + string.Join(' ', replies));
    }

    private static string UserHostReply(string nick, bool oper, bool away, string userName, string host) =>
        $"{nick}{(oper ? "*" : "")}={(away ? '-' : '+')}{userName}@{host}";

    private void Who(IrcMessage m)
    {
        var mask = m[0] ?? "*";
        if (ChatNames.IsChannel(mask))
        {
            if (hub.FindRoom(mask) is { } room)
            {
                foreach (var member in room.Members)
                {
                    SendWhoReply(member, room);
                }

                foreach (var remote in hub.Cluster?.FindRoom(room.Name)?.Members ?? [])
                {
                    SendRemoteWhoReply(remote, room.Name);
                }
            }
        }
        else if (mask.Contains('*', StringComparison.Ordinal) || mask.Contains('?', StringComparison.Ordinal))
        {
            foreach (var room in client.Rooms)
            {
                foreach (var member in room.Members.Where(c => WildcardMatch.Matches(mask, c.Nick!)))
                {
                    SendWhoReply(member, room);
                }
            }
        }
        else if (hub.FindNick(mask) is { IsRegistered: true } one)
        {
            SendWhoReply(one, one.Rooms.FirstOrDefault());
        }
        else if (hub.Cluster?.FindUser(mask) is { } remote)
        {
            SendRemoteWhoReply(remote, remote.Rooms.Keys.FirstOrDefault());
        }

        client.SendNumeric(Numerics.EndOfWho, $"{mask} :End of /WHO list");
    }

    private void SendWhoReply(ChatClient who, ChatRoom? room)
    {
        var flags = (who.AwayMessage is null ? "H" : "G") + (who.IsOperator ? "*" : "") + (room?.StatusOf(who).Prefix() ?? "");
        client.SendNumeric(Numerics.WhoReply, $"{room?.Name ?? "*"} {who.UserName} {who.Host} {Server} {who.Nick} {flags} :0 {who.RealName}");
    }

    /// <summary>352 for a user on another node; its server is shown as its node's name.</summary>
    private void SendRemoteWhoReply(RemoteUser who, string? room)
    {
        var prefix = room is not null ? who.Rooms.GetValueOrDefault(room) ?? "" : "";
        var here = who.AwayMessage is null ? "H" : "G";
        client.SendNumeric(Numerics.WhoReply, $"{room ?? "*"} {who.UserName} {who.Host} {who.Node} {who.Nick} {here}{(who.IsOperator ? "*" : "")}{prefix} :1 {who.RealName}");
    }

    private void WhoIs(IrcMessage m)
    {
        var nick = m.Parameters.Count >= 2 ? m[1] : m[0];
        if (string.IsNullOrEmpty(nick))
        {
            client.SendNumeric(Numerics.NoNicknameGiven, ":No nickname given");
            return;
        }

        if (hub.FindNick(nick) is null && hub.Cluster?.FindUser(nick) is { } remote)
        {
            SendRemoteWhois(remote);
            return;
        }

        if (hub.FindNick(nick) is not { IsRegistered: true } who)
        {
            client.SendNumeric(Numerics.NoSuchNick, $"{nick} :No such nick/channel");
            client.SendNumeric(Numerics.EndOfWhois, $"{nick} :End of /WHOIS list");
            return;
        }

        client.SendNumeric(Numerics.WhoisUser, $"{who.Nick} {who.UserName} {who.Host} * :{who.RealName}");
        if (who.Rooms.Count > 0)
        {
            client.SendNumeric(Numerics.WhoisChannels, $"{who.Nick} :{string.Join(' ', who.Rooms.Select(r => r.Prefixed(who)[..^who.Nick!.Length] + r.Name))}");
        }

        client.SendNumeric(Numerics.WhoisServer, $"{who.Nick} {Server} :{hub.Options.NetworkName} chat");
        if (who.AwayMessage is { } away)
        {
            client.SendNumeric(Numerics.Away, $"{who.Nick} :{away}");
        }

        if (who.IsOperator)
        {
            client.SendNumeric(Numerics.WhoisOperator, $"{who.Nick} :is an IRC operator");
        }

        var now = hub.Time.GetTimestamp();
        var idle = (long)hub.Time.GetElapsedTime(who.LastHeard, now).TotalSeconds;
        var signOn = (hub.Time.GetUtcNow() - hub.Time.GetElapsedTime(who.ConnectedAt, now)).ToUnixTimeSeconds();
        client.SendNumeric(Numerics.WhoisIdle, string.Create(CultureInfo.InvariantCulture, $"{who.Nick} {idle} {signOn} :seconds idle, signon time"));
        client.SendNumeric(Numerics.EndOfWhois, $"{who.Nick} :End of /WHOIS list");
    }

    /// <summary>WHOIS of a user on another node: its node is its server (312); idle time is that node's to know, so 317 is left out.</summary>
    private void SendRemoteWhois(RemoteUser who)
    {
        client.SendNumeric(Numerics.WhoisUser, $"{who.Nick} {who.UserName} {who.Host} * :{who.RealName}");
        if (who.Rooms.Count > 0)
        {
            client.SendNumeric(Numerics.WhoisChannels, $"{who.Nick} :{string.Join(' ', who.Rooms.Select(r => r.Value + r.Key))}");
        }

        client.SendNumeric(Numerics.WhoisServer, $"{who.Nick} {who.Node} :{hub.Options.NetworkName} chat");
        if (who.AwayMessage is { } away)
        {
            client.SendNumeric(Numerics.Away, $"{who.Nick} :{away}");
        }

        if (who.IsOperator)
        {
            client.SendNumeric(Numerics.WhoisOperator, $"{who.Nick} :is an IRC operator");
        }

        client.SendNumeric(Numerics.EndOfWhois, $"{who.Nick} :End of /WHOIS list");
    }
}
