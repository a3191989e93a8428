using System.Threading.Channels;
using StackExchange.Redis;

namespace Netwright.Chat.Redis;

public sealed partial class RedisChatBackplane
{
    /// <summary>The most queued events handed to the chat as one run, so one run holds the chat's lock only briefly.</summary>
    private const int MaxRun = 256;

    /// <summary>Connects, then every third of the lease renews this node's lease and claims and checks the other nodes; re-registers after an outage.</summary>
    private async Task RunAsync(CancellationToken cancel)
    {
        var config = ConfigurationOptions.Parse(_options.Configuration);
        config.AbortOnConnectFail = false; // keep trying in the background: the chat serves its own clients meanwhile
        config.BacklogPolicy = BacklogPolicy.FailFast; // while disconnected, drop rather than queue without bound
        config.ReconnectRetryPolicy = new ExponentialRetry(100, (int)_options.MaxReconnectDelay.TotalMilliseconds);
        config.ConnectTimeout = 2000;
        config.AsyncTimeout = 2000;
        config.SyncTimeout = 2000;
        config.ClientName = "netwright-chat";
        try
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex) || ex is ArgumentException)
        {
            RedisLog.Lost(_logger, NodeId, ex.Message);
            return;
        }

        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += (_, _) => Wake();
        var period = _options.Lease / 3;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await TickAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                NoteFailure(ex);
                Lost(ex.Message);
            }

            try
            {
                await _wake.WaitAsync(period, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while Redis reconnected.
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => Lost(e.FailureType.ToString());

    /// <summary>Once per outage: logged, and the chat told it serves alone until Redis returns.</summary>
    private void Lost(string reason)
    {
        if (Interlocked.Exchange(ref _registered, 0) == 1)
        {
            RedisLog.Lost(_logger, NodeId, reason);
            _listener!.OnDisconnected();
            RegistrationChanged?.Invoke(this, false);
        }
    }

    private async Task TickAsync()
    {
        if (Database is not { } db)
        {
            Lost("not connected");
            return;
        }

        // Subscribed once: StackExchange.Redis subscribes again by itself after a reconnect.
        if (_events is null)
        {
            _events = await _redis!.GetSubscriber().SubscribeAsync(_keys.Events).ConfigureAwait(false);
            _incoming = ReceiveAsync(_events, _stop.Token);
        }

        if (_control is null)
        {
            _control = await _redis!.GetSubscriber().SubscribeAsync(_keys.Control).ConfigureAwait(false);
            _control.OnMessage(OnControl);
        }

        if (_outbox.TakeDropped() is > 0 and var dropped)
        {
            RedisLog.Dropped(_logger, NodeId, dropped);
        }

        await db.StringSetAsync(_keys.Node(NodeId), NodeId, _options.Lease).ConfigureAwait(false);
        await db.SetAddAsync(_keys.Nodes, NodeId).ConfigureAwait(false);
        await RenewClaimsAsync(db).ConfigureAwait(false);
        if (!IsRegistered)
        {
            await RegisterAsync(db).ConfigureAwait(false);
        }
        else
        {
            await SweepAsync(db).ConfigureAwait(false);
        }
    }

    /// <summary>Writes this node's state again, reads the others' and tells them to read this one's.</summary>
    private async Task RegisterAsync(IDatabase db)
    {
        var key = _keys.State(NodeId);
        var stale = (await db.HashKeysAsync(key).ConfigureAwait(false)).Select(k => k.ToString()).Where(k => !_state.ContainsKey(k)).ToArray();
        if (stale.Length > 0)
        {
            await db.HashDeleteAsync(key, [.. stale.Select(k => (RedisValue)k)]).ConfigureAwait(false);
        }

        var entries = _state.Select(kv => new HashEntry(kv.Key, kv.Value)).ToArray();
        if (entries.Length > 0)
        {
            await db.HashSetAsync(key, entries).ConfigureAwait(false);
        }

        Volatile.Write(ref _registered, 1);
        var others = await SynchronizeAsync(db).ConfigureAwait(false);
        await _redis!.GetSubscriber().PublishAsync(_keys.Control, NodeId).ConfigureAwait(false);
        RedisLog.Registered(_logger, NodeId, _options.Configuration, others);
        RegistrationChanged?.Invoke(this, true);
    }

    /// <summary>Reads every other live node's state and hands it to the chat; forgets nodes whose lease ran out.</summary>
    /// <remarks>
    /// Holds <c>_sync</c>, which the incoming loop also holds while it hands over events, so no event is applied while
    /// the state is read. A node writes the state an action changes before it publishes the action's event (one
    /// connection, in order), so every event applied before the read is in the state read, and every event queued
    /// meanwhile is applied after it: as newer, or again (events are idempotent for state). Without this, a snapshot
    /// read before a user's join and applied after it would take the user out again.
    /// </remarks>
    private async Task<int> SynchronizeAsync(IDatabase db)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            var nodes = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var member in await db.SetMembersAsync(_keys.Nodes).ConfigureAwait(false))
            {
                var id = member.ToString();
                if (id == NodeId)
                {
                    continue;
                }

                if (!await db.KeyExistsAsync(_keys.Node(id)).ConfigureAwait(false))
                {
                    await ForgetNodeAsync(db, id).ConfigureAwait(false);
                    continue;
                }

                var hash = await db.HashGetAllAsync(_keys.State(id)).ConfigureAwait(false);
                nodes[id] = hash.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            }

            _knownNodes.Clear();
            foreach (var id in nodes.Keys)
            {
                _knownNodes[id] = 0;
            }

            _listener!.OnSynchronized(nodes);
            return nodes.Count;
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Renews every claim this node holds; a claim another node took meanwhile (during an outage) is lost.</summary>
    private async Task RenewClaimsAsync(IDatabase db)
    {
        var nicks = _nicks.Keys.ToArray();
        var results = await Task.WhenAll(nicks.Select(n => ClaimAsync(db, n))).ConfigureAwait(false);
        for (var i = 0; i < nicks.Length; i++)
        {
            if (!results[i] && _nicks.TryRemove(nicks[i], out _))
            {
                _listener!.OnNickLost(nicks[i]);
            }
        }
    }

    private async Task SweepAsync(IDatabase db)
    {
        foreach (var id in _knownNodes.Keys)
        {
            if (!await db.KeyExistsAsync(_keys.Node(id)).ConfigureAwait(false) && _knownNodes.TryRemove(id, out _))
            {
                RedisLog.NodeLost(_logger, NodeId, id);
                await ForgetNodeAsync(db, id).ConfigureAwait(false);
                _listener!.OnNodeLost(id);
            }
        }
    }

    private async Task ForgetNodeAsync(IDatabase db, string id)
    {
        await db.SetRemoveAsync(_keys.Nodes, id).ConfigureAwait(false);
        await db.KeyDeleteAsync(_keys.State(id)).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands the other nodes' events to the chat in the order Redis delivered them, on this loop rather than on the
    /// multiplexer's socket reader, so a busy chat never holds up Redis's replies (nor the other way round). Each run of
    /// queued events goes over as one batch (the chat takes its lock and flushes its clients once per run, not per
    /// event), under <c>_sync</c>, never during a state read (see <see cref="SynchronizeAsync"/>).
    /// </summary>
    private async Task ReceiveAsync(ChannelMessageQueue queue, CancellationToken cancel)
    {
        var run = new List<string>();
        try
        {
            while (true)
            {
                var first = await queue.ReadAsync(cancel).ConfigureAwait(false);
                await _sync.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    AddEvent(run, first);
                    for (var n = 0; n < MaxRun && queue.TryRead(out var next); n++)
                    {
                        AddEvent(run, next);
                    }

                    if (run.Count > 0)
                    {
                        HandOver(run);
                    }
                }
                finally
                {
                    run.Clear();
                    _sync.Release();
                }
            }
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // Stopping (the multiplexer does not complete the queue when disposed, so the token ends the wait).
        }
    }

    /// <summary>Adds another node's event to the run (this node's own, which Redis echoes back, is skipped).</summary>
    private void AddEvent(List<string> run, ChannelMessage message)
    {
        var text = message.Message.ToString();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0 || text.AsSpan(0, newline).SequenceEqual(NodeId))
        {
            return;
        }

        if (!_knownNodes.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(text.AsSpan(0, newline)))
        {
            _knownNodes.TryAdd(text[..newline], 0);
        }

        run.Add(text[(newline + 1)..]);
    }

    private void HandOver(List<string> run)
    {
        try
        {
            _listener!.OnMessages(run);
        }
        catch (Exception ex)
        {
            // The chat handles what it cannot read; anything else must not end this loop, or every later event is lost.
            NoteFailure(ex);
        }
    }

    /// <summary>Another node (re)registered: read everyone's state again.</summary>
    private async Task OnControl(ChannelMessage message)
    {
        if (message.Message.ToString() == NodeId || !IsRegistered || Database is not { } db)
        {
            return;
        }

        try
        {
            await SynchronizeAsync(db).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            NoteFailure(ex);
        }
    }
}
