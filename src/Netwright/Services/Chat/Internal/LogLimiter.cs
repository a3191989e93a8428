namespace Netwright.Services.Chat.Internal;

/// <summary>Lets at most a few warnings through per second, so a flood of bad input cannot flood the log as well.</summary>
internal sealed class LogLimiter(TimeProvider time, int perSecond = 10)
{
    private readonly Lock _lock = new();
    private long _windowStart;
    private int _count;

    public bool TryEnter()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (time.GetElapsedTime(_windowStart, now) >= TimeSpan.FromSeconds(1))
            {
                _windowStart = now;
                _count = 0;
            }

            return ++_count <= perSecond;
        }
    }
}
