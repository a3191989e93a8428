using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Netwright.Diagnostics;
using Netwright.Transport;

namespace Netwright.Servers.Internal;

/// <summary>
/// Closes connections that moved no bytes for the idle timeout, and drops peers that took no bytes for the write
/// timeout while replies waited for them. One timer for the whole server (Kestrel's heartbeat) instead of timers per
/// connection: idle connections then cost no timer memory.
/// </summary>
internal sealed class ConnectionMonitor : IDisposable
{
    private readonly TimeSpan? _idleTimeout;
    private readonly TimeSpan? _writeTimeout;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Connection, ConnectionEntry> _connections;
    private readonly ILogger _logger;
    private readonly LogLimiter _limiter;
    private readonly ITimer _timer;

    public ConnectionMonitor(NetServerOptions options, TimeProvider time, ConcurrentDictionary<Connection, ConnectionEntry> connections, ILogger logger, LogLimiter limiter)
    {
        _idleTimeout = options.IdleTimeout;
        _writeTimeout = options.WriteTimeout;
        _time = time;
        _connections = connections;
        _logger = logger;
        _limiter = limiter;
        // Check often enough that a connection is closed at most a quarter of the timeout late.
        var shortest = TimeSpan.FromTicks(Math.Min((_idleTimeout ?? TimeSpan.MaxValue).Ticks, (_writeTimeout ?? TimeSpan.MaxValue).Ticks));
        var period = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = time.CreateTimer(static state => ((ConnectionMonitor)state!).Check(), this, period, period);
    }

    /// <summary>Whether <paramref name="options"/> asks for any timeout this monitor enforces.</summary>
    public static bool IsNeeded(NetServerOptions options) => options.IdleTimeout is not null || options.WriteTimeout is not null;

    private void Check()
    {
        var now = _time.GetTimestamp();
        foreach (var (connection, entry) in _connections)
        {
            if (entry.TimedOut)
            {
                continue;
            }

            if (_writeTimeout is { } writeTimeout && IsWriteStalled(connection, entry, now, writeTimeout, out var stalled))
            {
                entry.TimedOut = true;
                var reason = $"the peer took no bytes for {stalled.TotalSeconds:0.#} s while replies waited (write timeout)";
                if (_limiter.ShouldLog("WriteTimeout", out var suppressed))
                {
                    NetwrightLog.ConnectionDropped(_logger, connection.Id, reason, suppressed);
                }

                connection.Abort(new Errors.NetworkTimeoutException($"connection {connection.Id}: {reason}"));
                continue;
            }

            if (_idleTimeout is { } idleTimeout && IsIdle(connection, entry, now, idleTimeout, out var idle))
            {
                entry.TimedOut = true;
                NetwrightLog.IdleTimeout(_logger, connection.Id, idle.TotalSeconds);
                connection.Abort(new Errors.NetworkTimeoutException($"connection {connection.Id} was idle for {idle.TotalSeconds:0.#} s"));
            }
        }
    }

    private bool IsIdle(Connection connection, ConnectionEntry entry, long now, TimeSpan timeout, out TimeSpan idle)
    {
        var total = connection.BytesReceived + connection.BytesSent;
        if (total != entry.LastSeenTotal)
        {
            entry.LastSeenTotal = total;
            entry.LastChangeTimestamp = now;
            idle = TimeSpan.Zero;
            return false;
        }

        idle = _time.GetElapsedTime(entry.LastChangeTimestamp, now);
        return idle >= timeout;
    }

    /// <summary>True when the send loop has been waiting on a full socket, with no byte taken, for the timeout.</summary>
    private bool IsWriteStalled(Connection connection, ConnectionEntry entry, long now, TimeSpan timeout, out TimeSpan stalled)
    {
        var sent = connection.BytesSent;
        if (!connection.IsSendBlocked || sent != entry.LastSeenSent)
        {
            // Not waiting for the peer, or it took bytes since the last look: the clock starts again.
            entry.LastSeenSent = sent;
            entry.SendProgressTimestamp = now;
            stalled = TimeSpan.Zero;
            return false;
        }

        stalled = _time.GetElapsedTime(entry.SendProgressTimestamp, now);
        return stalled >= timeout;
    }

    public void Dispose() => _timer.Dispose();
}
