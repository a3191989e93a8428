using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Netwright.Diagnostics;
using Netwright.Transport;

namespace Netwright.Servers.Internal;

/// <summary>
/// Closes connections that moved no bytes for the idle timeout. One timer for the whole server (Kestrel's
/// heartbeat) instead of a timer per connection: idle connections then cost no timer memory.
/// </summary>
internal sealed class IdleMonitor : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Connection, ConnectionEntry> _connections;
    private readonly ILogger _logger;
    private readonly ITimer _timer;

    public IdleMonitor(TimeSpan timeout, TimeProvider time, ConcurrentDictionary<Connection, ConnectionEntry> connections, ILogger logger)
    {
        _timeout = timeout;
        _time = time;
        _connections = connections;
        _logger = logger;
        // Check often enough that a connection is closed at most a quarter of the timeout late.
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = time.CreateTimer(static state => ((IdleMonitor)state!).Check(), this, period, period);
    }

    private void Check()
    {
        var now = _time.GetTimestamp();
        foreach (var (connection, entry) in _connections)
        {
            if (entry.TimedOut)
            {
                continue;
            }

            var total = connection.BytesReceived + connection.BytesSent;
            if (total != entry.LastSeenTotal)
            {
                entry.LastSeenTotal = total;
                entry.LastChangeTimestamp = now;
                continue;
            }

            var idle = _time.GetElapsedTime(entry.LastChangeTimestamp, now);
            if (idle >= _timeout)
            {
                entry.TimedOut = true;
                NetwrightLog.IdleTimeout(_logger, connection.Id, idle.TotalSeconds);
                connection.Abort(new Errors.NetworkTimeoutException($"connection {connection.Id} was idle for {idle.TotalSeconds:0.#} s"));
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
