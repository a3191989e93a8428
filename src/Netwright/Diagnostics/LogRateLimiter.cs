namespace Netwright.Diagnostics;

/// <summary>
/// Lets one log line per cause through per interval and counts the rest, so a peer that repeats a failure
/// (a flood of bad handshakes, say) cannot fill the log. Thread-safe; used only on failure paths.
/// </summary>
internal sealed class LogRateLimiter(TimeProvider time, TimeSpan interval, int causes)
{
    private readonly long[] _lastLogged = new long[causes];
    private readonly int[] _suppressed = new int[causes];
    private readonly Lock _lock = new();

    /// <summary>Gets the interval between two lines of the same cause.</summary>
    public TimeSpan Interval => interval;

    /// <summary>Decides whether a line for <paramref name="cause"/> may be written now.</summary>
    /// <param name="cause">The cause, from 0 to the count given at construction (exclusive).</param>
    /// <param name="suppressed">When it may: how many lines of this cause were held back since the last one.</param>
    /// <returns>True to write the line.</returns>
    public bool TryLog(int cause, out int suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_lastLogged[cause] != 0 && time.GetElapsedTime(_lastLogged[cause], now) < interval)
            {
                _suppressed[cause]++;
                suppressed = 0;
                return false;
            }

            _lastLogged[cause] = now;
            suppressed = _suppressed[cause];
            _suppressed[cause] = 0;
            return true;
        }
    }
}
