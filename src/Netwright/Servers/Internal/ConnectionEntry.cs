namespace Netwright.Servers.Internal;

/// <summary>What the server tracks per open connection: when it opened and, for the idle and write timeouts, when it last moved bytes.</summary>
internal sealed class ConnectionEntry(long openedTimestamp, System.Net.IPAddress? address = null)
{
    /// <summary>The peer's address as counted by the access control, to release when the connection ends; null when not counted.</summary>
    public System.Net.IPAddress? Address { get; } = address;

    public long OpenedTimestamp { get; } = openedTimestamp;

    /// <summary>Bytes in plus bytes out when the idle monitor last looked.</summary>
    public long LastSeenTotal { get; set; } = -1;

    /// <summary>The monitor's timestamp when <see cref="LastSeenTotal"/> last changed.</summary>
    public long LastChangeTimestamp { get; set; }

    /// <summary>Bytes sent when the monitor last looked, for the write timeout; -1 before the first look.</summary>
    public long LastSeenSent { get; set; } = -1;

    /// <summary>The monitor's timestamp when the peer last took bytes, or when the send loop was last seen not waiting.</summary>
    public long SendProgressTimestamp { get; set; }

    /// <summary>Set once the idle monitor has aborted the connection, so it is not aborted and logged again before it is gone.</summary>
    public bool TimedOut { get; set; }
}
