using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netwright.Services.Chat;
using StackExchange.Redis;

namespace Netwright.Chat.Redis;

/// <summary>
/// Joins chat servers into one chat through Redis: events on pub/sub, nickname claims as keys with a lease, each
/// node's state in a hash of its own and room history in lists. Give it to <see cref="ChatOptions.Backplane"/>.
/// </summary>
/// <remarks>
/// <para>A node renews its liveness key and its nickname claims every third of <see cref="RedisChatBackplaneOptions.Lease"/>;
/// a node that dies loses them within the lease, and the others, which check the nodes they know as often, tell
/// their clients its users have quit. When Redis goes away the node keeps serving its own clients (events are
/// dropped, not queued), logs it once per outage, reconnects with exponential back-off and, once back, writes its
/// state and claims again, reads the others' and tells them to read its own.</para>
/// <code>
/// await using var backplane = new RedisChatBackplane(new RedisChatBackplaneOptions { Configuration = "10.0.0.5:6379" }, loggerFactory);
/// using var chat = new ChatServer(new ChatOptions { Backplane = backplane }, loggerFactory);
/// </code>
/// <para>Thread-safe. Dispose it after the chat server; disposing releases this node's claims at once.</para>
/// </remarks>
public sealed partial class RedisChatBackplane : IChatBackplane
{
    private readonly RedisChatBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly RedisKeys _keys;
    private readonly ConcurrentDictionary<string, string> _state = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _nicks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _knownNodes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly RedisOutbox _outbox;
    private IChatBackplaneListener? _listener;
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _events;
    private ChannelMessageQueue? _control;
    private Task _loop = Task.CompletedTask;
    private Task _incoming = Task.CompletedTask;
    private int _registered;
    private long _lastFailureLog = long.MinValue;

    /// <summary>Creates a backplane; <see cref="Start"/> (called by the chat server) connects it.</summary>
    /// <param name="options">The Redis server, key prefix and lease.</param>
    /// <param name="loggerFactory">Where outages and lost nodes are logged; null for none.</param>
    public RedisChatBackplane(RedisChatBackplaneOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Lease < TimeSpan.FromMilliseconds(300))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The lease must be at least 300 ms.");
        }

        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisChatBackplane>();
        _keys = new RedisKeys(options.KeyPrefix);
        NodeId = options.NodeId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x100000):x5}";
        _outbox = new RedisOutbox(() => Database, _keys.Events, NoteFailure);
    }

    /// <inheritdoc/>
    public string NodeId { get; }

    /// <summary>Raised (on a pool thread) when this node has registered in Redis (true), after connecting or reconnecting, and when it lost Redis (false).</summary>
    public event EventHandler<bool>? RegistrationChanged;

    /// <summary>Gets whether this node is connected to Redis and registered there.</summary>
    public bool IsRegistered => Volatile.Read(ref _registered) == 1;

    private long LeaseMs => (long)_options.Lease.TotalMilliseconds;

    private IDatabase? Database => _redis is { IsConnected: true } redis ? redis.GetDatabase() : null;

    /// <inheritdoc/>
    public void Start(IChatBackplaneListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (Interlocked.CompareExchange(ref _listener, listener, null) is not null)
        {
            throw new InvalidOperationException("The backplane has already started.");
        }

        _outbox.Start();
        _loop = RunAsync(_stop.Token);
    }

    /// <inheritdoc/>
    /// <remarks>Only queues: a background loop writes what is queued as one pipelined batch (see <see cref="RedisOutbox"/>).</remarks>
    public void Publish(string message) => _outbox.TryPublish(NodeId + "\n" + message);

    /// <inheritdoc/>
    public void SetState(string field, string? value)
    {
        if (value is null)
        {
            _state.TryRemove(field, out _);
            Try(() => Database?.HashDelete(_keys.State(NodeId), field, CommandFlags.FireAndForget));
        }
        else
        {
            _state[field] = value;
            Try(() => Database?.HashSet(_keys.State(NodeId), field, value, flags: CommandFlags.FireAndForget));
        }
    }

    /// <inheritdoc/>
    /// <remarks>Only queues; the lines of a room queued together are appended with one RPUSH and one LTRIM.</remarks>
    public void AppendHistory(string room, string line, int keep)
    {
        if (keep > 0)
        {
            _outbox.TryAppendHistory(_keys.History(room), line, keep);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ReadHistoryAsync(string room)
    {
        if (Database is not { } db)
        {
            return [];
        }

        var lines = await db.ListRangeAsync(_keys.History(room)).ConfigureAwait(false);
        return [.. lines.Select(l => l.ToString())];
    }

    /// <inheritdoc/>
    public async Task<bool> ClaimNickAsync(string nick)
    {
        _nicks[nick] = 0;
        if (Database is not { } db)
        {
            return true; // unreachable: granted here; checked again when Redis returns
        }

        try
        {
            if (await ClaimAsync(db, nick).ConfigureAwait(false))
            {
                return true;
            }

            _nicks.TryRemove(nick, out _);
            return false;
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            NoteFailure(ex);
            return true;
        }
    }

    /// <inheritdoc/>
    public void ReleaseNick(string nick)
    {
        _nicks.TryRemove(nick, out _);
        Try(() => Database?.ScriptEvaluate(RedisScripts.Release, [_keys.Nick(nick)], [NodeId], CommandFlags.FireAndForget));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _incoming.ConfigureAwait(false);
        await _outbox.DisposeAsync().ConfigureAwait(false); // what the chat queued before stopping is written first
        if (Database is { } db)
        {
            try
            {
                // Leaving on purpose: the claims and this node's state go now rather than when the lease runs out.
                await Task.WhenAll(_nicks.Keys.Select(n => db.ScriptEvaluateAsync(RedisScripts.Release, [_keys.Nick(n)], [NodeId]))).ConfigureAwait(false);
                await db.KeyDeleteAsync([_keys.Node(NodeId), _keys.State(NodeId)]).ConfigureAwait(false);
                await db.SetRemoveAsync(_keys.Nodes, NodeId).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                NoteFailure(ex);
            }
        }

        if (_redis is { } redis)
        {
            await redis.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _sync.Dispose();
        _wake.Dispose();
    }

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    private void Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            NoteFailure(ex);
        }
    }

    /// <summary>Logs a failed command at most every ten seconds: an outage fails every command.</summary>
    private void NoteFailure(Exception ex)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFailureLog);
        if (now - last >= 10_000 && Interlocked.CompareExchange(ref _lastFailureLog, now, last) == last)
        {
            RedisLog.Failed(_logger, NodeId, ex.Message);
        }
    }

    private async Task<bool> ClaimAsync(IDatabase db, string nick) =>
        (long)await db.ScriptEvaluateAsync(RedisScripts.Claim, [_keys.Nick(nick)], [NodeId, LeaseMs, _keys.NodePrefix]).ConfigureAwait(false) == 1;
}
