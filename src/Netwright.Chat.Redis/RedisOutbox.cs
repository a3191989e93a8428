using System.Threading.Channels;
using StackExchange.Redis;

namespace Netwright.Chat.Redis;

/// <summary>
/// What this node writes to Redis for the chat's hot path (events to publish, history lines to append), queued by the
/// chat under its lock and written by one background loop: everything queued since the last write goes as one
/// pipelined batch (one write to the socket), the history lines of a room as one RPUSH and one LTRIM. Up to
/// <see cref="MaxInFlight"/> batches are on the wire at once: an event queued just after a batch went out is written
/// at once, not a round trip later, and a slow reply (Redis waiting for a CPU) does not cap the rate at one batch per
/// round trip.
/// </summary>
/// <remarks>
/// The chat never waits for Redis: <see cref="TryPublish"/> and <see cref="TryAppendHistory"/> only queue. The queue is
/// bounded; when it is full, or Redis is unreachable, items are dropped and counted, and the owner logs the count at
/// most every few seconds. One reader keeps the order: events reach Redis, and so the other nodes, in queued order.
/// </remarks>
internal sealed class RedisOutbox : IAsyncDisposable
{
    /// <summary>The most items queued at once: about three seconds of events at 10,000 a second.</summary>
    public const int Capacity = 32_768;

    /// <summary>The most items written in one batch, so one batch's tasks stay few and memory bounded.</summary>
    private const int MaxBatch = 1_024;

    /// <summary>The most batches written whose replies have not all come back; the next waits for the oldest.</summary>
    private const int MaxInFlight = 8;

    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then says false, so a drop is counted rather than silent
    });

    private readonly Func<IDatabase?> _database;
    private readonly RedisChannel _events;
    private readonly Action<Exception> _failed;
    private readonly Queue<(Task All, Task[] Items)> _inFlight = new();
    private readonly List<Task> _pending = [];
    private readonly Dictionary<RedisKey, (List<RedisValue> Lines, int Keep)> _histories = [];
    private Task _loop = Task.CompletedTask;
    private long _dropped;
    private int _read;

    /// <summary>Creates an outbox that writes through the database <paramref name="database"/> gives (null while unreachable).</summary>
    public RedisOutbox(Func<IDatabase?> database, RedisChannel events, Action<Exception> failed)
    {
        _database = database;
        _events = events;
        _failed = failed;
    }

    /// <summary>Starts the writing loop; called once.</summary>
    public void Start() => _loop = WriteLoopAsync();

    /// <summary>Takes and resets the count of items dropped (queue full or Redis unreachable) since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>Queues an event for the events channel; false (and counted) when the queue is full.</summary>
    public bool TryPublish(string message) => TryQueue(new Item(default, message, 0));

    /// <summary>Queues a history line for a room's list, which keeps its last <paramref name="keep"/> lines.</summary>
    public bool TryAppendHistory(RedisKey key, string line, int keep) => TryQueue(new Item(key, line, keep));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private bool TryQueue(Item item)
    {
        if (_queue.Writer.TryWrite(item))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (Database() is not { } db)
            {
                // Unreachable: what was queued is dropped, not kept without bound; the chat serves its own clients.
                while (reader.TryRead(out _))
                {
                    Interlocked.Increment(ref _dropped);
                }

                continue;
            }

            while (_inFlight.Count >= MaxInFlight || (_inFlight.Count > 0 && _inFlight.Peek().All.IsCompleted))
            {
                await AwaitOldestAsync().ConfigureAwait(false);
            }

            try
            {
                WriteBatch(db, reader);
                Task[] items = [.. _pending];
                _inFlight.Enqueue((Task.WhenAll(items), items));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                // Refused at once (the link broke between the check and the write): the batch is lost, and its
                // tasks, never sent, may never complete, so they are not awaited.
                Interlocked.Add(ref _dropped, _read);
                _histories.Clear();
                _failed(ex);
            }
            finally
            {
                _pending.Clear();
            }
        }

        while (_inFlight.Count > 0)
        {
            await AwaitOldestAsync().ConfigureAwait(false);
        }
    }

    private IDatabase? Database()
    {
        try
        {
            return _database();
        }
        catch (ObjectDisposedException)
        {
            return null; // the multiplexer went first at shutdown
        }
    }

    private void WriteBatch(IDatabase db, ChannelReader<Item> reader)
    {
        var batch = db.CreateBatch();
        _read = 0;
        for (; _read < MaxBatch && reader.TryRead(out var item); _read++)
        {
            if (item.IsEvent)
            {
                _pending.Add(batch.PublishAsync(_events, item.Text));
            }
            else
            {
                AddHistory(item);
            }
        }

        foreach (var (key, (lines, keep)) in _histories)
        {
            _pending.Add(batch.ListRightPushAsync(key, [.. lines]));
            _pending.Add(batch.ListTrimAsync(key, -keep, -1));
        }

        _histories.Clear();
        batch.Execute();
    }

    private void AddHistory(Item item)
    {
        if (!_histories.TryGetValue(item.Key, out var entry))
        {
            entry = ([], item.Keep);
        }

        entry.Lines.Add(item.Text);
        _histories[item.Key] = (entry.Lines, Math.Max(entry.Keep, item.Keep));
    }

    /// <summary>Waits for the oldest batch's replies, so at most <see cref="MaxInFlight"/> are in flight and Redis sets the pace.</summary>
    private async Task AwaitOldestAsync()
    {
        var (all, items) = _inFlight.Dequeue();
        try
        {
            await all.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The link broke mid-batch: those items are lost, as during any outage; the owner logs it, rate-limited.
            Interlocked.Add(ref _dropped, items.Count(t => !t.IsCompletedSuccessfully));
            _failed(ex);
        }
    }

    /// <summary>An event (no key) or a history line for the list at <see cref="Key"/>.</summary>
    private readonly record struct Item(RedisKey Key, string Text, int Keep)
    {
        public bool IsEvent => Keep == 0;
    }
}
