using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Netwright.LoadGen.Tests;

/// <summary>How <see cref="TestIrcServer"/> misbehaves, for the chat modes' failure tests.</summary>
internal sealed record IrcBehavior
{
    /// <summary>Never relay the channel message whose text starts with this sequence number (null: relay all).</summary>
    public int? DropSequence { get; init; }

    /// <summary>Change the last character of every relayed message.</summary>
    public bool CorruptText { get; init; }

    /// <summary>Read everything, answer nothing.</summary>
    public bool Silent { get; init; }
}

/// <summary>
/// The least of an IRC server the chat modes need, independent of Netwright's: NICK, JOIN (answered with 366),
/// PRIVMSG relayed to the channel's other members, PING, QUIT.
/// </summary>
internal sealed class TestIrcServer : TestStreamServer
{
    private readonly IrcBehavior _behavior;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Socket, string>> _channels = new();
    private readonly ConcurrentDictionary<Socket, SemaphoreSlim> _sendLocks = new();

    private TestIrcServer(Socket listener, IrcBehavior behavior)
        : base(listener) => _behavior = behavior;

    public static TestIrcServer Run(IrcBehavior? behavior = null)
    {
        var server = new TestIrcServer(ListenTcp(512), behavior ?? new IrcBehavior());
        server.Start();
        return server;
    }

    /// <summary>Gets how many channels clients have joined.</summary>
    public int ChannelCount => _channels.Count;

    protected override async Task ServeAsync(Socket connection)
    {
        _sendLocks[connection] = new SemaphoreSlim(1, 1);
        var nick = "*";
        var pending = new StringBuilder();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var count = await connection.ReceiveAsync(buffer, SocketFlags.None, Stopping);
                if (count == 0 || _behavior.Silent)
                {
                    if (count == 0)
                    {
                        return;
                    }

                    continue;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, count));
                var text = pending.ToString();
                var end = text.LastIndexOf('\n');
                if (end < 0)
                {
                    continue;
                }

                pending.Clear().Append(text[(end + 1)..]);
                foreach (var line in text[..end].Split('\n'))
                {
                    nick = await HandleAsync(connection, nick, line.TrimEnd('\r'));
                }
            }
        }
        finally
        {
            foreach (var members in _channels.Values)
            {
                members.TryRemove(connection, out _);
            }
        }
    }

    private async Task<string> HandleAsync(Socket connection, string nick, string line)
    {
        var parts = line.Split(' ', 3);
        switch (parts[0])
        {
            case "NICK":
                return parts[1];
            case "JOIN":
                _channels.GetOrAdd(parts[1], _ => new())[connection] = nick;
                await SendAsync(connection, $":test 366 {nick} {parts[1]} :End of /NAMES list.\r\n");
                break;
            case "PING":
                await SendAsync(connection, $":test PONG test {parts[1]}\r\n");
                break;
            case "PRIVMSG" when _channels.TryGetValue(parts[1], out var members):
                var message = parts[2][1..];
                if (_behavior.DropSequence is { } drop && message.StartsWith(drop.ToString("D8", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                {
                    break;
                }

                if (_behavior.CorruptText)
                {
                    message = message[..^1] + (message[^1] == 'a' ? 'b' : 'a');
                }

                foreach (var (member, _) in members)
                {
                    if (member != connection)
                    {
                        await SendAsync(member, $":{nick}!u@h PRIVMSG {parts[1]} :{message}\r\n");
                    }
                }

                break;
            default:
                break;
        }

        return nick;
    }

    private async Task SendAsync(Socket connection, string line)
    {
        var sendLock = _sendLocks[connection];
        await sendLock.WaitAsync(Stopping);
        try
        {
            await connection.SendAsync(Encoding.ASCII.GetBytes(line), SocketFlags.None, Stopping);
        }
        catch (SocketException)
        {
            // The member has gone; its own loop removes it from the channel.
        }
        finally
        {
            sendLock.Release();
        }
    }
}
