namespace Netwright.Services.Chat.Internal;

/// <summary>
/// A token bucket per client: <c>burst</c> lines at once, then <c>rate</c> lines a second. A line that finds
/// the bucket empty waits in a bounded queue until a token comes; a full queue means the client floods.
/// </summary>
internal sealed class FloodGate(TimeProvider time, double rate, int burst, int queueLength)
{
    private readonly Queue<string> _waiting = new();
    private double _tokens = burst;
    private long _refilledAt = time.GetTimestamp();

    /// <summary>Gets whether lines are waiting, so a new one must queue behind them to keep order.</summary>
    public bool HasWaiting => _waiting.Count > 0;

    /// <summary>Takes a token for a line that may run now.</summary>
    public bool TryTake()
    {
        Refill();
        if (_waiting.Count > 0 || _tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    /// <summary>Queues a delayed line; false when the queue is full (the client floods).</summary>
    public bool TryDelay(string line)
    {
        if (_waiting.Count >= queueLength)
        {
            return false;
        }

        _waiting.Enqueue(line);
        return true;
    }

    /// <summary>Takes the next waiting line if a token has come.</summary>
    public bool TryRelease(out string line)
    {
        Refill();
        if (_waiting.Count > 0 && _tokens >= 1)
        {
            _tokens -= 1;
            line = _waiting.Dequeue();
            return true;
        }

        line = "";
        return false;
    }

    /// <summary>Gets how long until the next token.</summary>
    public TimeSpan UntilNextToken => _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / rate);

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * rate));
        _refilledAt = now;
    }
}
