using Netwright.Transport;

namespace Netwright.Servers;

/// <summary>Limits and timeouts for a <see cref="NetServer"/>, with documented defaults.</summary>
public sealed class NetServerOptions
{
    /// <summary>Gets or sets the most connections open at once across all listeners; more are accepted and closed at once, with a Warning. Default: 10,000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Gets or sets how long a connection may go without sending or receiving a byte before it is closed; null for never. Default: null.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>Gets or sets how long a graceful stop waits for open connections before aborting them. Default: 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest line, in bytes, that line-based handlers and protocols accept. Default: 16,384 (Twisted's LineReceiver).</summary>
    public int MaxLineLength { get; set; } = 16_384;

    /// <summary>
    /// Gets or sets how long text without a line ending may wait before line-based code takes it as a
    /// whole message. Clients written like the seeds' <c>tsTclnt.py</c> send text with no newline and wait
    /// for the answer; this delay lets them get one while a line split across TCP segments still arrives
    /// whole. <see cref="Timeout.InfiniteTimeSpan"/> waits for the newline. Default: 50 ms.
    /// </summary>
    public TimeSpan PartialLineDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Gets or sets how often a log line that peers can cause (bad input, refused connections, timeouts, failed
    /// datagrams) may be written per cause; the lines held back are counted in the next one. <see cref="TimeSpan.Zero"/>
    /// logs every one. Default: 10 seconds.
    /// </summary>
    public TimeSpan LogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets who may connect and how much (address lists, per-address caps). Default: everyone, no caps.</summary>
    public AccessControlOptions AccessControl { get; set; } = new();

    /// <summary>Gets or sets the socket and buffer settings for stream connections.</summary>
    public SocketTransportOptions Transport { get; set; } = new();

    /// <summary>Gets or sets a callback run when a connection opens (before its handler), for example to log it. Must not throw or block.</summary>
    public Action<Connection>? ConnectionOpened { get; set; }

    /// <summary>Gets or sets a callback run after a connection closed. Must not throw or block.</summary>
    public Action<Connection>? ConnectionClosed { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineLength, 1, nameof(MaxLineLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));
        if (PartialLineDelay != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(PartialLineDelay, TimeSpan.Zero, nameof(PartialLineDelay));
        }
        if (IdleTimeout is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(IdleTimeout));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(LogInterval, TimeSpan.Zero, nameof(LogInterval));
        ArgumentNullException.ThrowIfNull(Transport);
        ArgumentNullException.ThrowIfNull(AccessControl);
        AccessControl.Validate();
    }
}
