namespace Netwright.LoadGen;

/// <summary>How a connection or an exchange failed.</summary>
internal enum BenchErrorKind
{
    /// <summary>Nobody listening (TCP RST to a SYN, ICMP port unreachable for UDP).</summary>
    Refused,

    /// <summary>The peer reset or closed the connection before the echo was complete.</summary>
    Reset,

    /// <summary>A connect or an echo took longer than <c>--timeout</c>.</summary>
    Timeout,

    /// <summary>An echoed byte differed from what was sent.</summary>
    Mismatch,

    /// <summary>Anything else.</summary>
    Other,
}
