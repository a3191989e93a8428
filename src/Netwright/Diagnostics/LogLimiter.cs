using System.Collections.Concurrent;

namespace Netwright.Diagnostics;

/// <summary>
/// Keeps peers from flooding the log: each cause (an event, optionally with a peer's address) may write one line
/// per interval; the lines it was refused are counted and reported by the next line it may write.
/// </summary>
/// <remarks>
/// Every log line a peer can cause goes through one instance per server. The table is bounded: past
/// <see cref="MaxCauses"/> causes, stale ones are dropped and new per-address causes fold into their event's cause.
/// </remarks>
internal sealed class LogLimiter
{
    public const int MaxCauses = 4096;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    public LogLimiter(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = interval;
    }

    /// <summary>Decides whether a line for <paramref name="cause"/> may be written now.</summary>
    /// <param name="cause">What the line is about, for example an event name, or an event name and an address.</param>
    /// <param name="suppressed">When true is returned: how many lines of this cause were held back since the last one.</param>
    /// <returns>True to write the line.</returns>
    public bool ShouldLog(string cause, out long suppressed)
    {
        suppressed = 0;
        if (_interval <= TimeSpan.Zero)
        {
            return true;
        }

        var now = _time.GetTimestamp();
        if (!_windows.TryGetValue(cause, out var window))
        {
            if (_windows.Count >= MaxCauses)
            {
                Prune(now);
                if (_windows.Count >= MaxCauses)
                {
                    var separator = cause.IndexOf(' ', StringComparison.Ordinal);
                    cause = separator > 0 ? cause[..separator] : cause;
                }
            }

            window = _windows.GetOrAdd(cause, static _ => new Window());
        }

        lock (window)
        {
            if (window.Started != 0 && _time.GetElapsedTime(window.Started, now) < _interval)
            {
                window.Held++;
                return false;
            }

            suppressed = window.Held;
            window.Held = 0;
            window.Started = now;
            return true;
        }
    }

    private void Prune(long now)
    {
        foreach (var (cause, window) in _windows)
        {
            lock (window)
            {
                if (window.Held == 0 && _time.GetElapsedTime(window.Started, now) >= _interval)
                {
                    _windows.TryRemove(cause, out _);
                }
            }
        }
    }

    private sealed class Window
    {
        public long Started;
        public long Held;
    }
}
