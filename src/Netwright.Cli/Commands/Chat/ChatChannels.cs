using Netwright.Services.Chat;

namespace Netwright.Cli.Commands.Chat;

/// <summary>The channels we are in, from the server's own echoes, and the current one (where typed lines go).</summary>
internal sealed class ChatChannels
{
    private readonly List<string> _joined = [];

    /// <summary>Gets the channel typed lines go to: the last one joined, or null when in none.</summary>
    public string? Current { get; private set; }

    /// <summary>Updates the list from a server message about us (JOIN, PART, KICK).</summary>
    public void Observe(IrcClientMessage message, string ownNick)
    {
        var channel = message[0];
        if (channel is null)
        {
            return;
        }

        switch (message.Command)
        {
            case "JOIN" when IrcClientSession.SameName(message.SourceNick, ownNick):
                _joined.RemoveAll(c => IrcClientSession.SameName(c, channel));
                _joined.Add(channel);
                Current = channel;
                break;
            case "PART" when IrcClientSession.SameName(message.SourceNick, ownNick):
            case "KICK" when IrcClientSession.SameName(message[1], ownNick):
                _joined.RemoveAll(c => IrcClientSession.SameName(c, channel));
                if (IrcClientSession.SameName(Current, channel))
                {
                    Current = _joined.Count > 0 ? _joined[^1] : null;
                }

                break;
        }
    }
}
