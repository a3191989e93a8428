using System.Globalization;

namespace Netwright.Services.Chat.Internal;

internal sealed partial class IrcSession
{
    private const string Version = "netwright-1.0";
    private bool _capNegotiating;
    private bool _userGiven;
    private string? _password;

    private void Cap(IrcMessage m)
    {
        switch (m[0]?.ToUpperInvariant())
        {
            case "LS":
                // No capabilities: an empty list. The welcome waits for CAP END once negotiation began.
                _capNegotiating |= !client.IsRegistered;
                client.SendIrc($":{Server} CAP {client.Target} LS :");
                break;
            case "LIST":
                client.SendIrc($":{Server} CAP {client.Target} LIST :");
                break;
            case "REQ":
                _capNegotiating |= !client.IsRegistered;
                client.SendIrc($":{Server} CAP {client.Target} NAK :{m[1] ?? ""}");
                break;
            case "END":
                _capNegotiating = false;
                TryCompleteRegistration();
                break;
            default:
                client.SendNumeric("410", $"{m[0] ?? "*"} :Invalid CAP command");
                break;
        }
    }

    private void Pass(IrcMessage m)
    {
        if (client.IsRegistered)
        {
            client.SendNumeric(Numerics.AlreadyRegistered, ":You may not reregister");
        }
        else if (Require(m, 1))
        {
            _password = m[0];
        }
    }

    private void Nick(IrcMessage m)
    {
        var nick = m[0];
        if (string.IsNullOrEmpty(nick))
        {
            client.SendNumeric(Numerics.NoNicknameGiven, ":No nickname given");
            return;
        }

        if (!ChatNames.IsValidNick(nick, hub.Options.NickLength))
        {
            client.SendNumeric(Numerics.ErroneousNickname, $"{nick} :Erroneous nickname");
            return;
        }

        if (hub.IsNickTaken(nick, client))
        {
            client.SendNumeric(Numerics.NicknameInUse, $"{nick} :Nickname is already in use");
            return;
        }

        if (nick == client.Nick)
        {
            return;
        }

        if (client.IsRegistered)
        {
            hub.ChangeNick(client, nick);
            return;
        }

        hub.TryClaimNick(client, nick);
        TryCompleteRegistration();
    }

    private void User(IrcMessage m)
    {
        if (client.IsRegistered)
        {
            client.SendNumeric(Numerics.AlreadyRegistered, ":You may not reregister");
            return;
        }

        if (m.Parameters.Count < 4 || m[0]!.Length == 0)
        {
            client.SendNumeric(Numerics.NeedMoreParams, "USER :Not enough parameters");
            return;
        }

        var user = new string(m[0]!.Where(c => c > ' ' && c != '@' && c != '!').Take(10).ToArray());
        client.UserName = user.Length > 0 ? user : "user";
        client.RealName = m[3]!;
        _userGiven = true;
        TryCompleteRegistration();
    }

    private void TryCompleteRegistration()
    {
        if (client.IsRegistered || client.Nick is null || !_userGiven || _capNegotiating)
        {
            return;
        }

        if (hub.Options.Password is { } password && _password != password)
        {
            client.SendNumeric(Numerics.PasswordMismatch, ":Password incorrect");
            client.Close("Bad password");
            return;
        }

        client.SetNick(client.Nick);
        client.IsRegistered = true;
        hub.Registered(client);
        var o = hub.Options;
        client.SendNumeric(Numerics.Welcome, $":Welcome to the {o.NetworkName} IRC Network {client.Mask}");
        client.SendNumeric(Numerics.YourHost, $":Your host is {Server}, running version {Version}");
        client.SendNumeric(Numerics.Created, $":This server was created {hub.Created.ToString("ddd MMM d yyyy 'at' HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}");
        client.SendNumeric(Numerics.MyInfo, $"{Server} {Version} iow biklmnotv bklov");
        client.SendNumeric(Numerics.ISupport, string.Create(CultureInfo.InvariantCulture,
            $"AWAYLEN=200 CASEMAPPING=rfc1459 CHANLIMIT=#:{o.MaxChannelsPerClient} CHANMODES=b,k,l,imnt CHANNELLEN={o.ChannelLength} CHANTYPES=# KICKLEN=300 MODES=4 NETWORK={o.NetworkName} NICKLEN={o.NickLength} PREFIX=(ov)@+ TOPICLEN={o.TopicLength} :are supported by this server"));
        SendLusers();
        SendMotd();
    }

    private void SendLusers()
    {
        var users = hub.RegisteredCount;
        client.SendNumeric(Numerics.LuserClient, $":There are {users} users and 0 invisible on 1 servers");
        if (hub.OperatorCount is > 0 and var operators)
        {
            client.SendNumeric(Numerics.LuserOp, $"{operators} :operator(s) online");
        }

        client.SendNumeric(Numerics.LuserChannels, $"{hub.RoomCount} :channels formed");
        client.SendNumeric(Numerics.LuserMe, $":I have {hub.ClientCount} clients and 0 servers");
        client.SendNumeric(Numerics.LocalUsers, $"{users} {users} :Current local users {users}, max {users}");
        client.SendNumeric(Numerics.GlobalUsers, $"{users} {users} :Current global users {users}, max {users}");
    }

    private void SendMotd()
    {
        if (hub.Options.Motd is not { } motd)
        {
            client.SendNumeric(Numerics.NoMotd, ":MOTD File is missing");
            return;
        }

        client.SendNumeric(Numerics.MotdStart, $":- {Server} Message of the day - ");
        foreach (var line in motd)
        {
            client.SendNumeric(Numerics.Motd, $":- {line}");
        }

        client.SendNumeric(Numerics.EndOfMotd, ":End of /MOTD command.");
    }

    private void Ping(IrcMessage m)
    {
        if (m.Parameters.Count == 0)
        {
            client.SendNumeric(Numerics.NoOrigin, ":No origin specified");
            return;
        }

        client.SendIrc($":{Server} PONG {Server} :{m[0]}");
    }

    private void Quit(IrcMessage m)
    {
        var reason = string.IsNullOrEmpty(m[0]) ? "Client Quit" : "Quit: " + m[0];
        client.Close(reason);
    }

    private void Oper(IrcMessage m)
    {
        if (!Require(m, 2))
        {
            return;
        }

        if (!hub.Options.Operators.TryGetValue(m[0]!, out var password))
        {
            client.SendNumeric(Numerics.NoOperHost, ":No O-lines for your host");
            return;
        }

        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(password), System.Text.Encoding.UTF8.GetBytes(m[1]!)))
        {
            client.SendNumeric(Numerics.PasswordMismatch, ":Password incorrect");
            return;
        }

        client.IsOperator = true;
        hub.Cluster?.OperChanged(client);
        client.SendNumeric(Numerics.YoureOper, ":You are now an IRC operator");
        client.SendIrc($":{client.Nick} MODE {client.Nick} :+o");
    }
}
