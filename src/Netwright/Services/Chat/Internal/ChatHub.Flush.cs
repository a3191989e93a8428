namespace Netwright.Services.Chat.Internal;

/// <summary>
/// Batched flushing: a broadcast only appends its shared, already encoded line to each member's output (under the
/// hub's lock, a copy into the pipe); the socket writes come once per member per batch, outside the lock. A batch is
/// everything one read of a client's input produced: its lines are handled, then every member they reached is flushed
/// once, on the same thread. Output queued outside a batch (timers, other nodes' events) is flushed by one thread
/// pool item for all of it.
/// </summary>
internal sealed partial class ChatHub : IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ChatHub? t_batchHub;

    private readonly List<ChatClient> _leaving = [];
    private List<ChatClient> _toFlush = [];
    private List<ChatClient>? _spareFlushList;
    private bool _flushScheduled;

    /// <summary>Starts a batch of this hub on this thread: flushes wait for <see cref="EndBatch"/>. Returns the batch it is inside, if any.</summary>
    public ChatHub? BeginBatch()
    {
        var outer = t_batchHub;
        t_batchHub = this;
        return outer;
    }

    /// <summary>Ends a batch on this thread (given what <see cref="BeginBatch"/> returned) and flushes every client it wrote to.</summary>
    public void EndBatch(ChatHub? outer)
    {
        t_batchHub = outer;
        if (outer != this)
        {
            FlushQueued();
        }
    }

    /// <summary>Queues <paramref name="client"/>'s output for the batch's flush (or the pool's, outside a batch).</summary>
    public void QueueFlush(ChatClient client) => Queue(client, leaving: false);

    /// <summary>
    /// Has a client leave its rooms once the hub's current operation is done (with the batch's flush, or the pool's
    /// outside a batch): not inline, since it may be found mid-broadcast, while the audience it would tell is in use.
    /// </summary>
    public void LeaveSoon(ChatClient client) => Queue(client, leaving: true);

    private void Queue(ChatClient client, bool leaving)
    {
        lock (Lock)
        {
            (leaving ? _leaving : _toFlush).Add(client);
            if (t_batchHub == this || _flushScheduled)
            {
                return;
            }

            _flushScheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => FlushQueued();

    /// <summary>Flushes every queued client, outside the lock; the list is swapped out so writers go on meanwhile.</summary>
    private void FlushQueued()
    {
        List<ChatClient> batch;
        lock (Lock)
        {
            _flushScheduled = false;
            // Leaving tells the rooms (more output to flush), and may push another client past its send queue.
            while (_leaving.Count > 0)
            {
                var client = _leaving[^1];
                _leaving.RemoveAt(_leaving.Count - 1);
                client.LeaveNow();
            }

            if (_toFlush.Count == 0)
            {
                return;
            }

            batch = _toFlush;
            _toFlush = _spareFlushList ?? [];
            _spareFlushList = null;
        }

        foreach (var client in batch)
        {
            client.FlushQueuedOutput();
        }

        batch.Clear();
        lock (Lock)
        {
            _spareFlushList ??= batch;
        }
    }
}
