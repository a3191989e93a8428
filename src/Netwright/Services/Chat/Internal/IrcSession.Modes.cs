using System.Globalization;
using System.Text;

namespace Netwright.Services.Chat.Internal;

internal sealed partial class IrcSession
{
    private void Mode(IrcMessage m)
    {
        if (!Require(m, 1))
        {
            return;
        }

        if (ChatNames.IsChannel(m[0]!))
        {
            ChannelMode(m);
        }
        else
        {
            UserMode(m);
        }
    }

    private void ChannelMode(IrcMessage m)
    {
        if (RoomOrOperPreview(m[0]!) is not { } room)
        {
            client.SendNumeric(Numerics.NoSuchChannel, $"{m[0]} :No such channel");
            return;
        }

        if (m.Parameters.Count == 1)
        {
            client.SendNumeric(Numerics.ChannelModeIs, $"{room.Name} {room.ModeString(room.Contains(client))}");
            client.SendNumeric(Numerics.CreationTime, $"{room.Name} {room.Created.ToUnixTimeSeconds()}");
            return;
        }

        var modes = m[1]!;
        if (modes.TrimStart('+') == "b" && m.Parameters.Count == 2)
        {
            SendBanList(room);
            return;
        }

        if (!CanModerate(room))
        {
            return;
        }

        var applied = new ModeChanges();
        var argument = 2;
        var adding = true;
        foreach (var mode in modes)
        {
            switch (mode)
            {
                case '+' or '-':
                    adding = mode == '+';
                    break;
                case 'i' or 'm' or 'n' or 't':
                    SetFlag(room, mode, adding);
                    applied.Add(adding, mode, null);
                    break;
                case 'k':
                    // A key is one word (RFC 2812 §3.2.3); a trailing parameter with spaces keeps its first.
                    if (m[argument++]?.Split([' ', '\t'], 2)[0] is not { Length: > 0 } key)
                    {
                        client.SendNumeric(Numerics.NeedMoreParams, "MODE :Not enough parameters");
                        break;
                    }

                    if (adding && room.Key is not null)
                    {
                        // RFC 2812 3.2.3: a key is replaced only after -k removed the old one.
                        client.SendNumeric(Numerics.KeySet, $"{room.Name} :Channel key already set");
                        break;
                    }

                    room.Key = adding ? key : null;
                    applied.Add(adding, 'k', adding ? key : "*");
                    break;
                case 'l':
                    if (!adding)
                    {
                        room.Limit = 0;
                        applied.Add(false, 'l', null);
                    }
                    else if (int.TryParse(m[argument++], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0)
                    {
                        room.Limit = limit;
                        applied.Add(true, 'l', limit.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        client.SendNumeric(Numerics.NeedMoreParams, "MODE :Not enough parameters");
                    }

                    break;
                case 'o' or 'v':
                    MemberMode(room, mode, adding, m[argument++], applied);
                    break;
                case 'b':
                    if (m[argument++]?.Split([' ', '\t'], 2)[0] is not { Length: > 0 } mask)
                    {
                        SendBanList(room);
                        break;
                    }

                    BanMode(room, adding, WildcardMatch.Normalize(mask), applied);
                    break;
                default:
                    client.SendNumeric(Numerics.UnknownMode, $"{mode} :is unknown mode char to me for {room.Name}");
                    break;
            }
        }

        if (applied.Count > 0)
        {
            ChatHub.AnnounceMode(client, room, applied.ToString());
            hub.Cluster?.ModesChanged(room, client, applied.ToString(), applied.Members);
        }
    }

    private static void SetFlag(ChatRoom room, char mode, bool on)
    {
        switch (mode)
        {
            case 'i': room.InviteOnly = on; break;
            case 'm': room.Moderated = on; break;
            case 'n': room.NoExternalMessages = on; break;
            default: room.TopicLocked = on; break;
        }
    }

    private void MemberMode(ChatRoom room, char mode, bool adding, string? nick, ModeChanges applied)
    {
        if (string.IsNullOrEmpty(nick))
        {
            client.SendNumeric(Numerics.NeedMoreParams, "MODE :Not enough parameters");
            return;
        }

        if (hub.FindNick(nick) is not { } member)
        {
            RemoteMemberMode(room, mode, adding, nick, applied);
            return;
        }

        if (!room.Contains(member))
        {
            client.SendNumeric(Numerics.UserNotInChannel, $"{member.Nick} {room.Name} :They aren't on that channel");
            return;
        }

        var flag = mode == 'o' ? MemberStatus.Operator : MemberStatus.Voice;
        var status = room.StatusOf(member);
        room.SetStatus(member, adding ? status | flag : status & ~flag);
        applied.Add(adding, mode, member.Nick);
        applied.Members.Add($"{(adding ? '+' : '-')}{mode}{member.Nick}");
    }

    /// <summary>+o/+v on a member on another node: shown here at once, applied there when the mode change arrives.</summary>
    private void RemoteMemberMode(ChatRoom room, char mode, bool adding, string nick, ModeChanges applied)
    {
        if (hub.Cluster?.FindUser(nick) is not { } remote)
        {
            client.SendNumeric(Numerics.NoSuchNick, $"{nick} :No such nick/channel");
        }
        else if (!remote.Rooms.ContainsKey(room.Name))
        {
            client.SendNumeric(Numerics.UserNotInChannel, $"{remote.Nick} {room.Name} :They aren't on that channel");
        }
        else
        {
            ChatCluster.SetRemoteStatus(remote, room.Name, mode, adding);
            applied.Add(adding, mode, remote.Nick);
            applied.Members.Add($"{(adding ? '+' : '-')}{mode}{remote.Nick}");
        }
    }

    private void BanMode(ChatRoom room, bool adding, string mask, ModeChanges applied)
    {
        var index = room.Bans.FindIndex(b => IrcCaseMapping.Instance.Equals(b.Mask, mask));
        if (adding && index < 0 && room.Bans.Count < 100)
        {
            room.Bans.Add(new BanEntry(mask, client.Mask, hub.Time.GetUtcNow()));
            applied.Add(true, 'b', mask);
        }
        else if (!adding && index >= 0)
        {
            room.Bans.RemoveAt(index);
            applied.Add(false, 'b', mask);
        }
    }

    private void SendBanList(ChatRoom room)
    {
        foreach (var ban in room.Bans)
        {
            client.SendNumeric(Numerics.BanList, $"{room.Name} {ban.Mask} {ban.SetBy} {ban.SetAt.ToUnixTimeSeconds()}");
        }

        client.SendNumeric(Numerics.EndOfBanList, $"{room.Name} :End of channel ban list");
    }

    private void UserMode(IrcMessage m)
    {
        if (hub.FindNick(m[0]!) is not { } target)
        {
            client.SendNumeric(Numerics.NoSuchNick, $"{m[0]} :No such nick/channel");
            return;
        }

        if (target != client)
        {
            client.SendNumeric(Numerics.UsersDontMatch, ":Can't change mode for other users");
            return;
        }

        if (m.Parameters.Count == 1)
        {
            client.SendNumeric(Numerics.UserModeIs, "+" + (client.Invisible ? "i" : "") + (client.IsOperator ? "o" : ""));
            return;
        }

        var applied = new ModeChanges();
        var adding = true;
        foreach (var mode in m[1]!)
        {
            switch (mode)
            {
                case '+' or '-':
                    adding = mode == '+';
                    break;
                case 'i':
                    client.Invisible = adding;
                    applied.Add(adding, 'i', null);
                    break;
                case 'w':
                    applied.Add(adding, 'w', null);
                    break;
                case 'o' when !adding:
                    if (client.IsOperator)
                    {
                        client.IsOperator = false;
                        hub.Cluster?.OperChanged(client);
                    }

                    applied.Add(false, 'o', null);
                    break;
                case 'o':
                    break;
                default:
                    client.SendNumeric(Numerics.UModeUnknownFlag, ":Unknown MODE flag");
                    break;
            }
        }

        if (applied.Count > 0)
        {
            client.SendIrc($":{client.Nick} MODE {client.Nick} :{applied}");
        }
    }

    /// <summary>Applied mode changes, written as one <c>+ov-b a b mask</c> string.</summary>
    private sealed class ModeChanges
    {
        private readonly StringBuilder _modes = new();
        private readonly List<string> _arguments = [];
        private bool? _adding;

        public int Count { get; private set; }

        /// <summary>Gets the member changes, each as <c>+o</c>/<c>-v</c> and the nickname (for the cluster).</summary>
        public List<string> Members { get; } = [];

        public void Add(bool adding, char mode, string? argument)
        {
            if (_adding != adding)
            {
                _modes.Append(adding ? '+' : '-');
                _adding = adding;
            }

            _modes.Append(mode);
            if (argument is not null)
            {
                _arguments.Add(argument);
            }

            Count++;
        }

        public override string ToString() => _arguments.Count == 0 ? _modes.ToString() : $"{_modes} {string.Join(' ', _arguments)}";
    }
}
