namespace Netwright.Transport;

/// <summary>The kind of socket an endpoint names: stream or datagram, over IP or a Unix-domain path.</summary>
/// <remarks>
/// Python spells these as an address family plus a socket type: <c>AF_INET/AF_INET6</c> with
/// <c>SOCK_STREAM</c> (<see cref="Tcp"/>) or <c>SOCK_DGRAM</c> (<see cref="Udp"/>), and <c>AF_UNIX</c> with
/// <c>SOCK_STREAM</c> (<see cref="Unix"/>) or <c>SOCK_DGRAM</c> (<see cref="UnixDatagram"/>).
/// </remarks>
public enum TransportKind
{
    /// <summary>A TCP stream over IPv4 or IPv6.</summary>
    Tcp,

    /// <summary>UDP datagrams over IPv4 or IPv6.</summary>
    Udp,

    /// <summary>A stream over a Unix-domain socket path.</summary>
    Unix,

    /// <summary>Datagrams over a Unix-domain socket path.</summary>
    UnixDatagram,
}
