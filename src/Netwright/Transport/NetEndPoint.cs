using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Naming;

namespace Netwright.Transport;

/// <summary>
/// An immutable description of where to connect or listen: a TCP or UDP host and port, or a Unix-domain
/// socket path, with one canonical text form (<c>tcp://127.0.0.1:21567</c>, <c>udp://[::1]:9000</c>,
/// <c>unix:///tmp/x.sock</c>, <c>unixgram:///tmp/x.sock</c>).
/// </summary>
/// <remarks>
/// Start here for addresses. Python passes a <c>(host, port)</c> tuple or a path string and resolves names
/// inside <c>connect</c>; a <see cref="NetEndPoint"/> keeps the host name unresolved until
/// <see cref="ResolveAsync"/>, so one endpoint can stand for several addresses. Ports may be given as
/// service names (<c>localhost:http</c>), looked up in <see cref="ServiceDatabase.System"/>.
/// Instances are immutable and thread-safe; equality compares kind, host (ignoring case), port and path.
/// </remarks>
public sealed partial class NetEndPoint : IEquatable<NetEndPoint>
{
    private NetEndPoint(TransportKind kind, string? host, int port, string? path)
    {
        Kind = kind;
        Host = host is null ? null : NormalizeHost(host);
        Port = port;
        Path = path;
    }

    /// <summary>Gets the kind of socket this endpoint names.</summary>
    public TransportKind Kind { get; }

    /// <summary>Gets the host name or IP literal (IPv6 without brackets); null for Unix endpoints.</summary>
    public string? Host { get; }

    /// <summary>Gets the port number, 0 to 65535; 0 for Unix endpoints (and "any free port" when listening).</summary>
    public int Port { get; }

    /// <summary>Gets the socket path of a Unix endpoint; null for TCP and UDP.</summary>
    public string? Path { get; }

    /// <summary>Gets a value indicating whether this is a stream endpoint (<see cref="TransportKind.Tcp"/> or <see cref="TransportKind.Unix"/>).</summary>
    public bool IsStream => Kind is TransportKind.Tcp or TransportKind.Unix;

    /// <summary>Gets a value indicating whether this is a datagram endpoint (<see cref="TransportKind.Udp"/> or <see cref="TransportKind.UnixDatagram"/>).</summary>
    public bool IsDatagram => Kind is TransportKind.Udp or TransportKind.UnixDatagram;

    /// <summary>Gets a value indicating whether this is a Unix-domain endpoint (stream or datagram).</summary>
    public bool IsUnix => Kind is TransportKind.Unix or TransportKind.UnixDatagram;

    /// <summary>Creates a TCP endpoint.</summary>
    /// <param name="host">A host name, IPv4 literal or IPv6 literal (brackets optional).</param>
    /// <param name="port">The port, 0 to 65535.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="host"/> is null, empty or not a valid host.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0 to 65535.</exception>
    public static NetEndPoint Tcp(string host, int port) => CreateIp(TransportKind.Tcp, host, port);

    /// <summary>Creates a UDP endpoint.</summary>
    /// <param name="host">A host name, IPv4 literal or IPv6 literal (brackets optional).</param>
    /// <param name="port">The port, 0 to 65535.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="host"/> is null, empty or not a valid host.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0 to 65535.</exception>
    public static NetEndPoint Udp(string host, int port) => CreateIp(TransportKind.Udp, host, port);

    /// <summary>Creates a Unix-domain stream endpoint.</summary>
    /// <param name="path">The socket path, absolute or relative.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static NetEndPoint Unix(string path) => CreateUnix(TransportKind.Unix, path);

    /// <summary>Creates a Unix-domain datagram endpoint.</summary>
    /// <param name="path">The socket path, absolute or relative.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static NetEndPoint UnixDatagram(string path) => CreateUnix(TransportKind.UnixDatagram, path);

    /// <summary>Creates an endpoint from a socket address, such as a listener's bound address or a peer's address.</summary>
    /// <param name="endPoint">An <see cref="IPEndPoint"/>, <see cref="DnsEndPoint"/> or <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="kind">The kind of socket the address belongs to; IP addresses need Tcp or Udp, Unix paths Unix or UnixDatagram.</param>
    /// <returns>The endpoint; IPv4-mapped IPv6 addresses become plain IPv4.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is null.</exception>
    /// <exception cref="ArgumentException">The address type does not match <paramref name="kind"/>, or a Unix socket is unnamed.</exception>
    public static NetEndPoint FromEndPoint(EndPoint endPoint, TransportKind kind)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var wantsUnix = kind is TransportKind.Unix or TransportKind.UnixDatagram;
        switch (endPoint)
        {
            case IPEndPoint ip when !wantsUnix:
                return new NetEndPoint(kind, Unmap(ip.Address).ToString(), ip.Port, null);
            case DnsEndPoint dns when !wantsUnix:
                return CreateIp(kind, dns.Host, dns.Port);
            case UnixDomainSocketEndPoint unix when wantsUnix:
                var path = unix.ToString();
                return path.Length == 0
                    ? throw new ArgumentException("An unnamed Unix socket has no path to make an endpoint of.", nameof(endPoint))
                    : new NetEndPoint(kind, null, 0, path);
            default:
                throw new ArgumentException(
                    $"A {endPoint.GetType().Name} ({Format(endPoint)}) cannot be a {SchemeOf(kind)} endpoint.", nameof(endPoint));
        }
    }

    /// <summary>Formats a socket address the way the tutorials' programs (<c>tsTserv.py</c>, <c>tsTservSS.py</c>) log it: <c>127.0.0.1:55378</c>, <c>[::1]:55378</c>, a Unix path, or <c>(unnamed)</c>.</summary>
    /// <param name="endPoint">The address; null and unbound Unix sockets give <c>(unnamed)</c>.</param>
    /// <returns>The text; IPv4-mapped IPv6 addresses are shown as IPv4.</returns>
    public static string Format(EndPoint? endPoint)
    {
        switch (endPoint)
        {
            case null:
                return "(unnamed)";
            case IPEndPoint ip:
                var address = Unmap(ip.Address);
                return address.AddressFamily == AddressFamily.InterNetworkV6
                    ? $"[{address}]:{ip.Port.ToString(CultureInfo.InvariantCulture)}"
                    : $"{address}:{ip.Port.ToString(CultureInfo.InvariantCulture)}";
            case DnsEndPoint dns:
                return FormatHostPort(dns.Host, dns.Port);
            default:
                // UnixDomainSocketEndPoint prints its path; an abstract name starts with NUL, shown as '@'.
                var text = endPoint.ToString() ?? string.Empty;
                return text.Length == 0 ? "(unnamed)" : text.Replace('\0', '@');
        }
    }

    /// <summary>Resolves the endpoint to socket addresses (Python's <c>getaddrinfo</c> for one host).</summary>
    /// <param name="cancellationToken">Cancels the DNS look-up.</param>
    /// <returns>
    /// One <see cref="IPEndPoint"/> for an IP literal (no DNS), every address of a host name (IPv4 first, then IPv6,
    /// in resolver order within each family), or one <see cref="UnixDomainSocketEndPoint"/> for a Unix path.
    /// </returns>
    /// <exception cref="HostNotFoundException">The host name does not resolve; the <see cref="SocketException"/> is inner.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (IsUnix)
        {
            return [new UnixDomainSocketEndPoint(Path!)];
        }

        if (IPAddress.TryParse(Host, out var literal))
        {
            return [new IPEndPoint(literal, Port)];
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(Host!, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new HostNotFoundException($"host '{Host}' not found: {ex.Message}", ex);
        }

        if (addresses.Length == 0)
        {
            throw new HostNotFoundException($"host '{Host}' has no addresses");
        }

        var result = new List<EndPoint>(addresses.Length);
        result.AddRange(addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).Select(a => new IPEndPoint(a, Port)));
        result.AddRange(addresses.Where(a => a.AddressFamily != AddressFamily.InterNetwork).Select(a => new IPEndPoint(a, Port)));
        return result;
    }

    /// <summary>Returns the canonical, round-trippable text: <c>tcp://127.0.0.1:21567</c>, <c>udp://[::1]:9000</c>, <c>unix:///tmp/x.sock</c>.</summary>
    /// <returns>The text, which <see cref="Parse"/> turns back into an equal endpoint.</returns>
    public override string ToString() => IsUnix
        ? (Path!.StartsWith('/') ? $"{SchemeOf(Kind)}://{Path}" : $"{SchemeOf(Kind)}:{Path}")
        : $"{SchemeOf(Kind)}://{FormatHostPort(Host!, Port)}";

    /// <inheritdoc/>
    public bool Equals(NetEndPoint? other) =>
        other is not null
        && Kind == other.Kind
        && Port == other.Port
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Path, other.Path, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NetEndPoint);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        Kind,
        Port,
        Host is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Host),
        Path is null ? 0 : StringComparer.Ordinal.GetHashCode(Path));

    private static NetEndPoint CreateIp(TransportKind kind, string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        return CheckHost(host) is { } problem
            ? throw new ArgumentException(problem, nameof(host))
            : new NetEndPoint(kind, host, port, null);
    }

    private static NetEndPoint CreateUnix(TransportKind kind, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new NetEndPoint(kind, null, 0, path);
    }

    private static string? CheckHost(string host)
    {
        if (host.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
                ? null
                : $"'{host}' is not a valid IPv6 address";
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_') && c <= 127)
            {
                return $"'{host}' is not a valid host name";
            }
        }

        return null;
    }

    private static string SchemeOf(TransportKind kind) => kind switch
    {
        TransportKind.Tcp => "tcp",
        TransportKind.Udp => "udp",
        TransportKind.Unix => "unix",
        TransportKind.UnixDatagram => "unixgram",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown transport kind."),
    };

    private static string FormatHostPort(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal)
            ? $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";

    private static string NormalizeHost(string host) =>
        // IPv6 literals get one spelling (::1, not 0:0::1) so equal addresses give equal endpoints;
        // a zone (%eth0) is kept as written, since parsing may turn a name into an index.
        host.Contains(':', StringComparison.Ordinal)
        && !host.Contains('%', StringComparison.Ordinal)
        && IPAddress.TryParse(host, out var address)
            ? address.ToString()
            : host;

    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
