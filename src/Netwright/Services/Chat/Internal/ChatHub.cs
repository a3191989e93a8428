using System.Net;
using Microsoft.Extensions.Logging;
using Netwright.Diagnostics;
using Netwright.Protocols;

namespace Netwright.Services.Chat.Internal;

/// <summary>
/// The chat's shared state: every client, the nicknames and the rooms, guarded by one lock. Plain and IRC
/// sessions call its operations (join, part, say, nick, quit), which update the rooms and render each event
/// once per client kind.
/// </summary>
internal sealed partial class ChatHub : IDisposable
{
    /// <summary>The longest line accepted from a client, in bytes without its line ending (IRC's 512 with CR LF).</summary>
    public const int MaxLineBytes = 510;

    /// <summary>How often each cause of a warning a client can provoke is logged; the library's default log interval.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly HashSet<ChatClient> _clients = [];
    private readonly Dictionary<string, ChatClient> _nicks = new(IrcCaseMapping.Instance);
    private readonly Dictionary<string, ChatRoom> _rooms = new(IrcCaseMapping.Instance);
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly HashSet<ChatClient> _audience = [];
    private readonly LogLimiter _logLimiter;
    private readonly ITimer _heartbeat;
    private int _nextGuest;

    public ChatHub(ChatOptions options, ILogger logger, TimeProvider time)
    {
        Options = options;
        Logger = logger;
        Time = time;
        Created = time.GetUtcNow();
        _logLimiter = new LogLimiter(time, LogInterval);
        _heartbeat = time.CreateTimer(static state => ((ChatHub)state!).Beat(), this, HeartbeatPeriod, HeartbeatPeriod);
        if (options.Backplane is { } backplane)
        {
            Cluster = new ChatCluster(this, backplane);
            Cluster.Start();
        }
    }

    /// <summary>Gets this node's part in a cluster, or null for a server alone.</summary>
    public ChatCluster? Cluster { get; }

    public static TimeSpan HeartbeatPeriod { get; } = TimeSpan.FromSeconds(1);

    public Lock Lock { get; } = new();

    public ChatOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset Created { get; }

    public long SendQueueLimit => Options.SendQueueLimit;

    public int ClientCount
    {
        get
        {
            lock (Lock)
            {
                return _clients.Count;
            }
        }
    }

    public int RegisteredCount => _nicks.Count;

    public IEnumerable<ChatRoom> Rooms => _rooms.Values;

    public int RoomCount => _rooms.Count;

    public int OperatorCount => _nicks.Values.Count(c => c.IsOperator);

    /// <summary>Makes the protocol for a new connection, or one that explains the refusal and closes.</summary>
    public Protocol Admit(EndPoint? remote)
    {
        var address = (remote as IPEndPoint)?.Address;
        lock (Lock)
        {
            string? refusal = null;
            if (Options.MaxClients > 0 && _clients.Count >= Options.MaxClients)
            {
                refusal = "Server is full";
            }
            else if (address is not null && Options.MaxConnectionsPerAddress > 0 && _perAddress.GetValueOrDefault(address) >= Options.MaxConnectionsPerAddress)
            {
                refusal = "Too many connections from your address";
            }

            if (refusal is not null)
            {
                var from = address?.ToString() ?? "?";
                if (_logLimiter.ShouldLog($"ChatRefused {from}", out var suppressed))
                {
                    ChatLog.Refused(Logger, from, refusal, suppressed);
                }

                return new RefusalProtocol(refusal);
            }

            var client = new ChatClient(this, address);
            _clients.Add(client);
            if (address is not null)
            {
                _perAddress[address] = _perAddress.GetValueOrDefault(address) + 1;
            }

            return client;
        }
    }

    public ChatClient? FindNick(string nick) => _nicks.GetValueOrDefault(nick);

    public ChatRoom? FindRoom(string name) => _rooms.GetValueOrDefault(name);

    public bool IsNickTaken(string nick, ChatClient? by) =>
        _nicks.TryGetValue(nick, out var owner) ? owner != by : Cluster?.IsNickTaken(nick) == true;

    /// <summary>Claims a nickname for a client (releasing its old one); false when another client has it.</summary>
    public bool TryClaimNick(ChatClient client, string nick)
    {
        if (IsNickTaken(nick, client))
        {
            return false;
        }

        if (client.Nick is { } old)
        {
            _nicks.Remove(old);
        }

        _nicks[nick] = client;
        client.SetNick(nick);
        return true;
    }

    /// <summary>A free <c>guestN</c> nickname for a plain client that did not choose one.</summary>
    public string NextGuestNick()
    {
        while (true)
        {
            var nick = "guest" + (++_nextGuest).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!IsNickTaken(nick, by: null))
            {
                return nick;
            }
        }
    }

    public void Registered(ChatClient client)
    {
        ChatLog.Registered(Logger, client.Id, client.Nick!, client.Kind.ToString().ToLowerInvariant());
        Cluster?.Registered(client);
    }

    /// <summary>Removes a client that is gone: its rooms hear the quit, its nickname is free again.</summary>
    public void Leave(ChatClient client, string reason)
    {
        if (!_clients.Remove(client))
        {
            return;
        }

        if (client.Address is { } address && _perAddress.TryGetValue(address, out var count))
        {
            if (count <= 1)
            {
                _perAddress.Remove(address);
            }
            else
            {
                _perAddress[address] = count - 1;
            }
        }

        if (client.Nick is { } nick && _nicks.TryGetValue(nick, out var owner) && owner == client)
        {
            _nicks.Remove(nick);
            SendToAudience(client, $":{client.Mask} QUIT :{reason}", $"* {nick} has quit ({reason})", includeSelf: false);
            if (client.IsRegistered)
            {
                Cluster?.Left(client, nick, reason);
            }

            foreach (var room in client.Rooms.ToArray())
            {
                RemoveMember(room, client);
            }

            ChatLog.Left(Logger, client.Id, nick, reason);
        }
    }

    /// <summary>Disconnects a client that broke a limit, with the reason it is told and a rate-limited warning.</summary>
    public void Disconnect(ChatClient client, string reason, bool leaveAtOnce = false)
    {
        if (_logLimiter.ShouldLog($"ChatLimitHit {reason}", out var suppressed))
        {
            ChatLog.LimitHit(Logger, client.Id, client.Target, reason, suppressed);
        }

        client.Close(reason, leaveAtOnce: leaveAtOnce);
    }

    public void NoteBadInput(ChatClient client, string reason)
    {
        if (_logLimiter.ShouldLog($"ChatBadInput {client.Address}", out var suppressed))
        {
            ChatLog.BadInput(Logger, client.Id, reason, suppressed);
        }
    }

    /// <summary>Logs a cluster problem, each distinct message at most once per <see cref="LogInterval"/>.</summary>
    public void NoteClusterTrouble(string message)
    {
        if (_logLimiter.ShouldLog($"ChatCluster {message}", out var suppressed))
        {
            ChatLog.ClusterProblem(Logger, null, message, suppressed);
        }
    }

    public void Dispose() => _heartbeat.Dispose();
}
