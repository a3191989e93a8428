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
/// inside <c>connect</c>; a <see cref="NetEndpoint"/> keeps the host name unresolved until
/// <see cref="ResolveAsync"/>, so one endpoint can stand for several addresses. Ports may be given as
/// service names (<c>localhost:http</c>), looked up in <see cref="ServiceDatabase.System"/>.
/// Instances are immutable and thread-safe; equality compares kind, host (ignoring case), port and path.
/// </remarks>
public sealed class NetEndpoint : IEquatable<NetEndpoint>
{
    private const string Expected = "expected HOST:PORT, [IPv6]:PORT, tcp://, udp://, unix:// or unixgram://";

    private NetEndpoint(TransportKind kind, string? host, int port, string? path)
    {
        Kind = kind;
        Host = host;
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
    public static NetEndpoint Tcp(string host, int port) => CreateIp(TransportKind.Tcp, host, port);

    /// <summary>Creates a UDP endpoint.</summary>
    /// <param name="host">A host name, IPv4 literal or IPv6 literal (brackets optional).</param>
    /// <param name="port">The port, 0 to 65535.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="host"/> is null, empty or not a valid host.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0 to 65535.</exception>
    public static NetEndpoint Udp(string host, int port) => CreateIp(TransportKind.Udp, host, port);

    /// <summary>Creates a Unix-domain stream endpoint.</summary>
    /// <param name="path">The socket path, absolute or relative.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static NetEndpoint Unix(string path) => CreateUnix(TransportKind.Unix, path);

    /// <summary>Creates a Unix-domain datagram endpoint.</summary>
    /// <param name="path">The socket path, absolute or relative.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static NetEndpoint UnixDatagram(string path) => CreateUnix(TransportKind.UnixDatagram, path);

    /// <summary>
    /// Parses an endpoint: <c>tcp://host:port</c>, <c>udp://host:port</c>, <c>unix:///abs/path.sock</c>,
    /// <c>unix:relative/path.sock</c>, <c>unixgram:///path.sock</c>, or a bare <c>host:port</c> /
    /// <c>[IPv6]:port</c> of <paramref name="defaultKind"/>. The port may be a service name (<c>localhost:http</c>).
    /// </summary>
    /// <param name="text">The text to parse; surrounding white space is ignored.</param>
    /// <param name="defaultKind">The kind of a bare endpoint without a scheme; for a Unix kind the bare text is a path.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not an endpoint; the message quotes it and says what was expected.</exception>
    /// <exception cref="UnknownServiceException">The port is a service name the services database does not know.</exception>
    public static NetEndpoint Parse(string text, TransportKind defaultKind = TransportKind.Tcp)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, defaultKind, listenDefaultHost: null, out var endpoint, out var error, out var unknownService)
            ? endpoint
            : throw Failure(error, unknownService);
    }

    /// <summary>Parses an endpoint as <see cref="Parse"/> does, without throwing.</summary>
    /// <param name="text">The text to parse; null gives false.</param>
    /// <param name="defaultKind">The kind of a bare endpoint without a scheme.</param>
    /// <param name="endpoint">The endpoint when the text is valid; otherwise null.</param>
    /// <param name="error">Why the text is not valid (the message <see cref="Parse"/> would throw); otherwise null.</param>
    /// <returns>True when the text is a valid endpoint.</returns>
    public static bool TryParse(
        string? text,
        TransportKind defaultKind,
        [NotNullWhen(true)] out NetEndpoint? endpoint,
        [NotNullWhen(false)] out string? error)
    {
        if (text is null)
        {
            endpoint = null;
            error = "no endpoint given: " + Expected;
            return false;
        }

        return TryParseCore(text, defaultKind, listenDefaultHost: null, out endpoint, out error, out _);
    }

    /// <summary>
    /// Parses a listen address given to a command-line option such as <c>--tcp [HOST:]PORT</c>: <c>PORT</c>,
    /// <c>:PORT</c>, <c>HOST:PORT</c>, <c>[v6]:PORT</c>, a service name, or a full scheme form of the same kind.
    /// For a Unix <paramref name="kind"/> the text is a path (or a <c>unix://</c>/<c>unixgram://</c> form).
    /// </summary>
    /// <param name="text">The option value.</param>
    /// <param name="kind">The kind the option stands for.</param>
    /// <param name="defaultHost">The host used when the text gives only a port; <c>127.0.0.1</c> by default.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="defaultHost"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a listen address of <paramref name="kind"/>.</exception>
    /// <exception cref="UnknownServiceException">The port is a service name the services database does not know.</exception>
    public static NetEndpoint ParseListen(string text, TransportKind kind, string defaultHost = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultHost);
        if (!TryParseCore(text, kind, defaultHost, out var endpoint, out var error, out var unknownService))
        {
            throw Failure(error, unknownService);
        }

        if (endpoint.Kind != kind)
        {
            throw new FormatException(
                $"'{text.Trim()}' is a {SchemeOf(endpoint.Kind)} endpoint, but a {SchemeOf(kind)} address was expected");
        }

        return endpoint;
    }

    /// <summary>Creates an endpoint from a socket address, such as a listener's bound address or a peer's address.</summary>
    /// <param name="endPoint">An <see cref="IPEndPoint"/>, <see cref="DnsEndPoint"/> or <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="kind">The kind of socket the address belongs to; IP addresses need Tcp or Udp, Unix paths Unix or UnixDatagram.</param>
    /// <returns>The endpoint; IPv4-mapped IPv6 addresses become plain IPv4.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is null.</exception>
    /// <exception cref="ArgumentException">The address type does not match <paramref name="kind"/>, or a Unix socket is unnamed.</exception>
    public static NetEndpoint FromEndPoint(EndPoint endPoint, TransportKind kind)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var wantsUnix = kind is TransportKind.Unix or TransportKind.UnixDatagram;
        switch (endPoint)
        {
            case IPEndPoint ip when !wantsUnix:
                return new NetEndpoint(kind, Unmap(ip.Address).ToString(), ip.Port, null);
            case DnsEndPoint dns when !wantsUnix:
                return CreateIp(kind, dns.Host, dns.Port);
            case UnixDomainSocketEndPoint unix when wantsUnix:
                var path = unix.ToString();
                return path.Length == 0
                    ? throw new ArgumentException("An unnamed Unix socket has no path to make an endpoint of.", nameof(endPoint))
                    : new NetEndpoint(kind, null, 0, path);
            default:
                throw new ArgumentException(
                    $"A {endPoint.GetType().Name} ({Format(endPoint)}) cannot be a {SchemeOf(kind)} endpoint.", nameof(endPoint));
        }
    }

    /// <summary>Formats a socket address the way the seed programs log it: <c>127.0.0.1:55378</c>, <c>[::1]:55378</c>, a Unix path, or <c>(unnamed)</c>.</summary>
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
    public bool Equals(NetEndpoint? other) =>
        other is not null
        && Kind == other.Kind
        && Port == other.Port
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Path, other.Path, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NetEndpoint);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        Kind,
        Port,
        Host is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Host),
        Path is null ? 0 : StringComparer.Ordinal.GetHashCode(Path));

    private static NetEndpoint CreateIp(TransportKind kind, string host, int port)
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
            : new NetEndpoint(kind, host, port, null);
    }

    private static NetEndpoint CreateUnix(TransportKind kind, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new NetEndpoint(kind, null, 0, path);
    }

    private static bool TryParseCore(
        string text,
        TransportKind defaultKind,
        string? listenDefaultHost,
        [NotNullWhen(true)] out NetEndpoint? endpoint,
        [NotNullWhen(false)] out string? error,
        out bool unknownService)
    {
        endpoint = null;
        unknownService = false;
        var input = text.Trim();
        if (input.Length == 0)
        {
            error = "no endpoint given: " + Expected;
            return false;
        }

        var kind = defaultKind;
        var rest = input;
        var hasScheme = false;
        var colon = input.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && TryGetKind(input[..colon], out var schemeKind))
        {
            kind = schemeKind;
            rest = input[(colon + 1)..];
            hasScheme = true;
        }
        else if (input.Contains("://", StringComparison.Ordinal))
        {
            error = $"'{input}' has an unknown scheme '{input[..input.IndexOf(':', StringComparison.Ordinal)]}': {Expected}";
            return false;
        }

        if (kind is TransportKind.Unix or TransportKind.UnixDatagram)
        {
            return TryParsePath(input, rest, kind, hasScheme, out endpoint, out error);
        }

        if (hasScheme)
        {
            if (!rest.StartsWith("//", StringComparison.Ordinal))
            {
                error = $"'{input}' is not an endpoint: expected {SchemeOf(kind)}://HOST:PORT";
                return false;
            }

            rest = rest[2..];
        }
        else if (input.StartsWith('/'))
        {
            error = $"'{input}' is not an endpoint: a socket path needs unix:// or unixgram:// (e.g. unix://{input})";
            return false;
        }

        return TryParseHostPort(input, rest, kind, hasScheme ? null : listenDefaultHost, out endpoint, out error, out unknownService);
    }

    private static bool TryParsePath(
        string input, string rest, TransportKind kind, bool hasScheme, out NetEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        var path = rest;
        if (hasScheme && rest.StartsWith("//", StringComparison.Ordinal))
        {
            path = rest[2..];
            if (!path.StartsWith('/'))
            {
                error = $"'{input}' is not a Unix endpoint: expected {SchemeOf(kind)}:///absolute/path or {SchemeOf(kind)}:relative/path";
                return false;
            }
        }

        if (path.Length == 0)
        {
            error = $"'{input}' is not a Unix endpoint: the socket path is empty";
            return false;
        }

        endpoint = new NetEndpoint(kind, null, 0, path);
        error = null;
        return true;
    }

    private static bool TryParseHostPort(
        string input,
        string rest,
        TransportKind kind,
        string? listenDefaultHost,
        out NetEndpoint? endpoint,
        out string? error,
        out bool unknownService)
    {
        endpoint = null;
        unknownService = false;
        string host;
        string portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                error = $"'{input}' is not an endpoint: expected [IPv6]:PORT";
                return false;
            }

            host = rest[1..close];
            portText = rest[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{input}' is not an endpoint: '{host}' in brackets is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon < 0 && listenDefaultHost is not null)
            {
                host = listenDefaultHost;
                portText = rest;
            }
            else if (colon < 0)
            {
                error = $"'{input}' is not an endpoint: {Expected}";
                return false;
            }
            else
            {
                host = rest[..colon];
                portText = rest[(colon + 1)..];
                if (host.Contains(':', StringComparison.Ordinal))
                {
                    error = $"'{input}' is not an endpoint: an IPv6 address needs brackets, as in [{host}]:{portText}";
                    return false;
                }

                if (host.Length == 0 && listenDefaultHost is not null)
                {
                    host = listenDefaultHost;
                }
            }
        }

        if (host.Length == 0)
        {
            error = $"'{input}' is not an endpoint: the host is missing before ':{portText}'";
            return false;
        }

        if (CheckHost(host) is { } hostProblem)
        {
            error = $"'{input}' is not an endpoint: {hostProblem}";
            return false;
        }

        if (!TryParsePort(input, portText, kind, out var port, out error, out unknownService))
        {
            return false;
        }

        endpoint = new NetEndpoint(kind, host, port, null);
        return true;
    }

    private static bool TryParsePort(
        string input, string portText, TransportKind kind, out int port, [NotNullWhen(false)] out string? error, out bool unknownService)
    {
        port = 0;
        unknownService = false;
        if (portText.Length == 0)
        {
            error = $"'{input}' is not an endpoint: the port is missing after the host";
            return false;
        }

        if (char.IsAsciiLetter(portText[0]))
        {
            var protocol = kind == TransportKind.Udp ? "udp" : "tcp";
            if (ServiceDatabase.System.TryGetPort(portText, protocol, out port))
            {
                error = null;
                return true;
            }

            unknownService = true;
            error = $"unknown service '{portText}' for {protocol} in '{input}': not in the services database (use a port number)";
            return false;
        }

        if (!portText.All(char.IsAsciiDigit))
        {
            error = $"'{input}' is not an endpoint: '{portText}' is not a port number or service name";
            return false;
        }

        if (portText.Length > 5 || (port = int.Parse(portText, NumberStyles.None, CultureInfo.InvariantCulture)) > 65535)
        {
            port = 0;
            error = $"'{input}' is not an endpoint: port {portText} is out of range 0-65535";
            return false;
        }

        error = null;
        return true;
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

    private static bool TryGetKind(string scheme, out TransportKind kind)
    {
        switch (scheme.ToLowerInvariant())
        {
            case "tcp": kind = TransportKind.Tcp; return true;
            case "udp": kind = TransportKind.Udp; return true;
            case "unix": kind = TransportKind.Unix; return true;
            case "unixgram": kind = TransportKind.UnixDatagram; return true;
            default: kind = default; return false;
        }
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

    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static Exception Failure(string error, bool unknownService) =>
        unknownService ? new UnknownServiceException(error) : new FormatException(error);
}
