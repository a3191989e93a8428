using System.Globalization;

namespace Netwright.Services.Chat.Internal;

/// <summary>
/// The plain-text side of a <see cref="ChatClient"/> (telnet, nc, <c>netwright connect</c>): a nickname prompt,
/// then every line goes to the current room as <c>&lt;nick&gt; text</c>, and <c>/commands</c> do the rest.
/// Runs under the hub's lock.
/// </summary>
internal sealed partial class PlainSession(ChatHub hub, ChatClient client)
{
    public ChatRoom? CurrentRoom { get; private set; }

    public void Prompt() => client.SendText($"Welcome to {hub.Options.ServerName} chat. What is your nickname?");

    public void Handle(string line)
    {
        if (!client.IsRegistered)
        {
            ChooseNick(line.Trim());
            return;
        }

        if (line.StartsWith('/'))
        {
            Command(line);
        }
        else if (line.Length > 0)
        {
            Say(line, action: false);
        }
    }

    /// <summary>Gives a client that never chose a nickname a <c>guestN</c> one.</summary>
    public void TakeGuestNick()
    {
        var nick = hub.NextGuestNick();
        client.SendText($"* No nickname given: you are {nick} (/nick NAME changes it)");
        Register(nick);
    }

    /// <summary>Called when the client was removed from a room by someone else (a kick).</summary>
    public void LostRoom(ChatRoom room)
    {
        if (CurrentRoom == room)
        {
            CurrentRoom = null;
            client.SendText("* You are in no room now: /join one to talk.");
        }
    }

    private void ChooseNick(string nick)
    {
        if (hub.Options.Password is not null)
        {
            client.Close("This server requires a password, which only IRC clients can give");
        }
        else if (NickProblem(nick) is { } problem)
        {
            client.SendText($"* {problem} Try another:");
        }
        else
        {
            Register(nick);
        }
    }

    private string? NickProblem(string nick)
    {
        if (!ChatNames.IsValidNick(nick, hub.Options.NickLength))
        {
            return $"'{nick}' is not a valid nickname: up to {hub.Options.NickLength} letters, digits and -[]\\`_^{{|}}, not starting with a digit or -.";
        }

        return hub.IsNickTaken(nick, client) ? $"{nick} is taken." : null;
    }

    private void Register(string nick)
    {
        hub.TryClaimNick(client, nick);
        client.IsRegistered = true;
        hub.Registered(client);
        client.SendText($"* Welcome, {nick}! Lines you type go to your room; /help lists the commands.");
        JoinRoom(hub.Options.DefaultRoom);
    }

    private void Say(string text, bool action)
    {
        if (CurrentRoom is not { } room)
        {
            client.SendText("* You are in no room: /join one to talk.");
        }
        else if (!room.CanSend(client))
        {
            client.SendText($"* You cannot talk in {room.Name} now (moderated or banned).");
        }
        else
        {
            var message = IrcText.Truncate(action ? IrcText.Action(text) : text, 400);
            hub.Say(client, room, message, notice: false);
        }
    }

    private void JoinRoom(string name)
    {
        name = name.StartsWith('#') ? name : "#" + name;
        if (!ChatNames.IsValidChannel(name, hub.Options.ChannelLength))
        {
            client.SendText($"* '{name}' is not a valid room name.");
            return;
        }

        if (CurrentRoom is { } current && IrcCaseMapping.Instance.Equals(current.Name, name))
        {
            return;
        }

        if (hub.JoinRefusal(name, client, key: null) is { } refusal)
        {
            client.SendText($"* {name}: {refusal.Text}");
            return;
        }

        if (CurrentRoom is { } previous)
        {
            hub.Part(client, previous, reason: null);
        }

        var room = hub.OpenRoom(name, out var created);
        CurrentRoom = room;
        hub.Join(client, room, asOperator: created);
        if (room.Topic is not null)
        {
            client.SendText($"* Topic of {room.Name}: {room.Topic}");
        }

        foreach (var line in room.History)
        {
            var at = line.At.ToString("HH:mm", CultureInfo.InvariantCulture);
            client.SendText(line.IsAction ? $"[{at}] * {line.Nick} {line.Text}" : $"[{at}] <{line.Nick}> {line.Text}");
        }
    }
}
