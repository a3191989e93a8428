using System.Collections.Concurrent;
using Netwright.Protocols;

namespace KeyValue;

/// <summary>
/// A small line protocol a user might write: <c>SET key value</c> answers <c>OK</c>, <c>GET key</c> answers
/// <c>VALUE value</c> or <c>NOT_FOUND</c>, anything else <c>ERROR unknown command</c>. A client silent for
/// <see cref="IdleTimeout"/> is told <c>BYE idle</c> and disconnected. The store is shared by every connection.
/// </summary>
public sealed class KeyValueProtocol(ConcurrentDictionary<string, string> store, TimeProvider time) : LineProtocol
{
    /// <summary>How long a client may stay silent.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private ITimer? _idle;

    /// <summary>Makes one protocol per connection, all sharing <paramref name="store"/> and <paramref name="time"/>.</summary>
    public static ProtocolFactory Factory(ConcurrentDictionary<string, string> store, TimeProvider time) =>
        ProtocolFactory.Create(_ => new KeyValueProtocol(store, time));

    public override void OnConnected() =>
        _idle = time.CreateTimer(_ => OnIdle(), null, IdleTimeout, Timeout.InfiniteTimeSpan);

    public override void OnLineReceived(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _idle?.Change(IdleTimeout, Timeout.InfiniteTimeSpan);
        var parts = line.Split(' ', 3);
        switch (parts)
        {
            case ["SET", var key, var value]:
                store[key] = value;
                SendLine("OK");
                break;
            case ["GET", var key]:
                SendLine(store.TryGetValue(key, out var found) ? "VALUE " + found : "NOT_FOUND");
                break;
            default:
                SendLine("ERROR unknown command");
                break;
        }
    }

    public override void OnConnectionLost(Exception? reason) => _idle?.Dispose();

    private void OnIdle()
    {
        // Runs on a timer thread: the transport's writes are safe from any thread.
        SendLine("BYE idle");
        Transport.LoseConnection();
    }
}
