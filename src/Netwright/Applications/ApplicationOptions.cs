using Netwright.Transport;

namespace Netwright.Applications;

/// <summary>
/// The server settings that applications read: line limits, the partial-line delay and the socket settings.
/// <see cref="ServerContext.Options"/> hands them to both styles; a server is configured through its derived
/// options class (<see cref="Netwright.Servers.NetServerOptions"/>), which adds the server's own limits.
/// </summary>
/// <remarks>
/// This base class lives below both styles so that event-style protocols can read the settings without
/// depending on the handler-style server namespace (docs/architecture.md, "Layers").
/// </remarks>
public abstract class ApplicationOptions
{
    private protected ApplicationOptions()
    {
    }

    /// <summary>Gets or sets the longest line, in bytes, that line-based handlers and protocols accept. Default: 16,384 (Twisted's LineReceiver).</summary>
    public int MaxLineLength { get; set; } = 16_384;

    /// <summary>
    /// Gets or sets how long text without a line ending may wait before line-based code takes it as a
    /// whole message. Clients written like the tutorial's <c>tsTclnt.py</c> send text with no newline and wait
    /// for the answer; this delay lets them get one while a line split across TCP segments still arrives
    /// whole. <see cref="Timeout.InfiniteTimeSpan"/> waits for the newline. Default: 50 ms.
    /// </summary>
    public TimeSpan PartialLineDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Gets or sets how long a line or length-prefixed frame may take to arrive once its first byte has: a peer that
    /// trickles a message to hold the connection (slowloris) gets an error where the protocol has one, then a close.
    /// Each message has its own clock, so a client that keeps sending whole messages is never cut; a connection whose
    /// replies are waiting for the peer to read is not timed. <see cref="Timeout.InfiniteTimeSpan"/> for no limit.
    /// Default: 30 seconds (Kestrel's request-headers timeout).
    /// </summary>
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the socket and buffer settings for stream connections and datagram endpoints.</summary>
    public SocketTransportOptions Transport { get; set; } = new();

    /// <summary>
    /// Gets or sets how often a log line that peers can cause (bad input, refused connections, timeouts, failed
    /// datagrams) may be written per cause; the lines held back are counted in the next one. <see cref="TimeSpan.Zero"/>
    /// logs every one. Default: 10 seconds.
    /// </summary>
    public TimeSpan LogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the settings; throws for a value out of range.</summary>
    private protected void ValidateApplicationSettings()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineLength, 1, nameof(MaxLineLength));
        if (PartialLineDelay != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(PartialLineDelay, TimeSpan.Zero, nameof(PartialLineDelay));
        }

        if (MessageTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MessageTimeout, TimeSpan.Zero, nameof(MessageTimeout));
        }

        ArgumentNullException.ThrowIfNull(Transport);
        ArgumentOutOfRangeException.ThrowIfLessThan(LogInterval, TimeSpan.Zero, nameof(LogInterval));
    }
}
