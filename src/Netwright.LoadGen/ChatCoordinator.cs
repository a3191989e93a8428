using System.Diagnostics;

namespace Netwright.LoadGen;

/// <summary>
/// The plan of a chat run, on the engine thread: waits until every client has joined, then either fans out
/// (one sender, the receivers count and check every delivery) or holds the idle clients and probes them.
/// </summary>
/// <remarks>
/// Fan-out without <c>--rate</c> is closed-loop: the sender keeps at most <c>--window</c> messages that some
/// receiver has not yet had, so the server is always busy but never has to queue more than a window per receiver
/// (ngIRCd drops a client whose send queue passes 32 KiB). With <c>--rate</c> the sender is paced to that many
/// deliveries a second and the window does not apply; each delivery's delay from its send time is recorded.
/// Every member but <see cref="Progress"/> and the results is touched by the engine thread only.
/// </remarks>
internal sealed class ChatCoordinator
{
    private readonly BenchSettings _settings;
    private readonly List<EpollChatClient> _clients = [];
    private readonly int[] _undelivered;
    private readonly byte[] _messagePrefix;
    private readonly int _messageLength;
    private EpollChatClient? _sender;
    private int _joined;
    private long _sent;
    private long _complete;
    private long _progress;
    private long _holdUntil;
    private bool _ended;

    public ChatCoordinator(BenchSettings settings, string channel)
    {
        _settings = settings;
        _undelivered = new int[settings.Mode == BenchMode.ChatFanout && settings.ChatRate == 0 ? settings.ChatWindow : 0];
        _messagePrefix = ChatWire.MessagePrefix(channel);
        _messageLength = ChatWire.MessageLength(_messagePrefix.Length, settings.Size);
    }

    /// <summary>Gets the receivers' delays from send to delivery, in nanoseconds.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Gets the messages delivered to receivers.</summary>
    public long Deliveries { get; private set; }

    /// <summary>Gets the messages the sender sent.</summary>
    public long Sent => _sent;

    /// <summary>Gets the timestamp of the first connect (when the run started).</summary>
    public long StartedAt { get; set; }

    /// <summary>Gets the timestamp at which the last client joined, or 0.</summary>
    public long JoinedAt { get; private set; }

    /// <summary>Gets the timestamp of the first message sent, or 0.</summary>
    public long FirstSendAt { get; private set; }

    /// <summary>Gets the timestamp of the last delivery, or 0.</summary>
    public long LastDeliveryAt { get; private set; }

    /// <summary>Gets how many idle clients answered the probe.</summary>
    public int Alive { get; private set; }

    /// <summary>Gets the server's VmRSS in KiB after the hold (chat-idle), if known.</summary>
    public long? ServerRssKibAfterHold { get; private set; }

    /// <summary>Gets how many clients have joined.</summary>
    public int Joined => _joined;

    /// <summary>Gets whether the run reached its end (every delivery, or every probe answered).</summary>
    public bool Completed { get; private set; }

    /// <summary>Gets a counter of joins, deliveries and probe answers that the watchdog reads from another thread.</summary>
    public long Progress => Volatile.Read(ref _progress);

    private long ExpectedDeliveries => _settings.ChatMessages * (long)_settings.Connections;

    /// <summary>Adds a client (before the engine starts); <paramref name="isSender"/> marks the fan-out's sender.</summary>
    public void Add(EpollChatClient client, bool isSender)
    {
        _clients.Add(client);
        if (isSender)
        {
            _sender = client;
        }
    }

    public void OnJoined(EpollChatClient client, long now)
    {
        _joined++;
        AddProgress();
        if (_joined < _clients.Count || _ended)
        {
            return;
        }

        JoinedAt = now;
        if (_settings.Mode == BenchMode.ChatIdle)
        {
            _holdUntil = now + RunControl.ToTicks(_settings.Duration);
            _clients[0].ScheduleTimer(_holdUntil);
            return;
        }

        FirstSendAt = Stopwatch.GetTimestamp();
        Pump(FirstSendAt);
    }

    public void OnMessage(EpollChatClient receiver, long sequence, long sentAt, long now)
    {
        if (receiver == _sender || sequence != receiver.NextSequence)
        {
            receiver.FailClient(
                BenchErrorKind.Mismatch,
                receiver == _sender ? "the sender received its own message" : FormattableString.Invariant($"message {sequence} arrived when {receiver.NextSequence} was next (lost, repeated or out of order)"));
            return;
        }

        receiver.NextSequence++;
        Latency.Record(RunControl.ToNanoseconds(now - sentAt));
        Deliveries++;
        LastDeliveryAt = now;
        AddProgress();
        if (_undelivered.Length > 0)
        {
            // Closed loop: a message is complete once every receiver has it; completing one opens the window.
            var slot = (int)(sequence % _undelivered.Length);
            if (--_undelivered[slot] == 0 && sequence == _complete)
            {
                while (_complete < _sent && _undelivered[(int)(_complete % _undelivered.Length)] == 0)
                {
                    _complete++;
                }

                Pump(now);
            }
        }

        if (Deliveries == ExpectedDeliveries)
        {
            Completed = true;
            EndAll(quit: true);
        }
    }

    public void OnTimer(EpollChatClient client, long now)
    {
        if (_ended)
        {
            return;
        }

        if (client == _sender && FirstSendAt != 0)
        {
            Pump(now);
        }
        else if (_holdUntil != 0 && client == _clients[0])
        {
            if (now < _holdUntil)
            {
                client.ScheduleTimer(_holdUntil);
                return;
            }

            _holdUntil = 0;
            ServerRssKibAfterHold = _settings.ServerPid is { } pid ? ServerMemory.TryReadRssKib(pid) : null;
            foreach (var idle in _clients)
            {
                idle.Append(ChatWire.Probe);
                idle.Flush();
            }
        }
    }

    public void OnProbeAnswered(EpollChatClient client)
    {
        Alive++;
        AddProgress();
        if (Alive == _clients.Count)
        {
            Completed = true;
            EndAll(quit: true);
        }
    }

    /// <summary>Ends the run once a client has failed: the others close without an error of their own.</summary>
    public void OnClientFailed(EpollChatClient client) => EndAll(quit: false);

    /// <summary>Closes every client (from another thread only through <see cref="EpollConnection.Abort"/>).</summary>
    private void EndAll(bool quit)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        foreach (var client in _clients)
        {
            if (quit)
            {
                client.Quit();
            }
            else
            {
                client.End();
            }
        }
    }

    /// <summary>Sends what the window (closed loop) or the clock (paced) allows.</summary>
    private void Pump(long now)
    {
        var sender = _sender!;
        var total = _settings.ChatMessages;
        long allowed;
        if (_settings.ChatRate > 0)
        {
            var messagesPerSecond = _settings.ChatRate / _settings.Connections;
            allowed = Math.Min(total, (long)((now - FirstSendAt) * messagesPerSecond / Stopwatch.Frequency) + 1);
        }
        else
        {
            allowed = Math.Min(total, _complete + _undelivered.Length);
        }

        if (allowed <= _sent || _ended)
        {
            ScheduleNext(sender);
            return;
        }

        var timestamp = Stopwatch.GetTimestamp();
        while (_sent < allowed)
        {
            if (_undelivered.Length > 0)
            {
                _undelivered[(int)(_sent % _undelivered.Length)] = _settings.Connections;
            }

            var written = ChatWire.WriteMessage(sender.Reserve(_messageLength), _messagePrefix, _sent, timestamp, _settings.Size);
            sender.Commit(written);
            _sent++;
        }

        sender.Flush();
        ScheduleNext(sender);
    }

    private void ScheduleNext(EpollChatClient sender)
    {
        if (_settings.ChatRate > 0 && _sent < _settings.ChatMessages && !_ended)
        {
            var messagesPerSecond = _settings.ChatRate / _settings.Connections;
            sender.ScheduleTimer(FirstSendAt + (long)(_sent * Stopwatch.Frequency / messagesPerSecond));
        }
    }

    private void AddProgress() => Volatile.Write(ref _progress, _progress + 1);
}
