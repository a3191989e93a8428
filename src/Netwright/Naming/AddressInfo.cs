using System.Net;
using System.Net.Sockets;

namespace Netwright.Naming;

/// <summary>
/// One result of <see cref="SocketLookup.GetAddressInfoAsync(string, string?, SocketType?, CancellationToken)"/>:
/// everything needed to create a socket and connect or bind it, like one tuple of Python's <c>getaddrinfo</c>.
/// </summary>
/// <param name="Family">The address family (<c>AF_INET</c> is <see cref="AddressFamily.InterNetwork"/>, <c>AF_INET6</c> is <see cref="AddressFamily.InterNetworkV6"/>).</param>
/// <param name="SocketType">The socket type: <see cref="SocketType.Stream"/> for TCP, <see cref="SocketType.Dgram"/> for UDP.</param>
/// <param name="Protocol">The protocol: <see cref="ProtocolType.Tcp"/> or <see cref="ProtocolType.Udp"/>.</param>
/// <param name="CanonicalName">The host's canonical name as the resolver reports it (Python's <c>canonname</c>); the literal for an IP address.</param>
/// <param name="Address">The socket address with the port filled in (Python's <c>sockaddr</c>).</param>
public sealed record AddressInfo(
    AddressFamily Family,
    SocketType SocketType,
    ProtocolType Protocol,
    string CanonicalName,
    IPEndPoint Address);
