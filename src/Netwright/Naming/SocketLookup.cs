using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netwright.Errors;

namespace Netwright.Naming;

/// <summary>
/// The look-up functions of Python's <c>socket</c> module, for code ported from Python: name resolution,
/// services, interfaces, and address and byte-order conversions.
/// </summary>
/// <remarks>
/// <para>Start here when porting. Python name to member:</para>
/// <list type="table">
/// <item><term><c>getaddrinfo</c></term><description><see cref="GetAddressInfoAsync(string, string?, SocketType?, CancellationToken)"/></description></item>
/// <item><term><c>gethostbyname</c> / <c>gethostbyname_ex</c></term><description><see cref="GetHostByNameAsync"/> / <see cref="GetHostByNameExAsync"/></description></item>
/// <item><term><c>gethostbyaddr</c></term><description><see cref="GetHostByAddressAsync(IPAddress, CancellationToken)"/> (null instead of <c>herror</c>)</description></item>
/// <item><term><c>gethostname</c> / <c>getfqdn</c></term><description><see cref="GetHostName"/> / <see cref="GetFullyQualifiedDomainNameAsync"/></description></item>
/// <item><term><c>getservbyname</c> / <c>getservbyport</c></term><description><see cref="GetServiceByName"/> / <see cref="GetServiceByPort"/></description></item>
/// <item><term><c>if_nameindex</c></term><description><see cref="GetInterfaces"/> (with addresses and prefix lengths)</description></item>
/// <item><term><c>inet_pton</c> / <c>inet_ntop</c></term><description><see cref="InetPton"/> / <see cref="InetNtop"/></description></item>
/// <item><term><c>htons</c>/<c>htonl</c>, <c>ntohs</c>/<c>ntohl</c></term><description><see cref="HostToNetwork(ushort)"/>, <see cref="NetworkToHost(ushort)"/> and their <see cref="uint"/>/<see cref="ulong"/> overloads</description></item>
/// </list>
/// <para>
/// Python's <c>socket.gaierror</c> becomes <see cref="HostNotFoundException"/>; an unknown service name
/// (Python's <c>OSError: service/proto not found</c>) becomes <see cref="UnknownServiceException"/>.
/// Every member is thread-safe.
/// </para>
/// </remarks>
public static partial class SocketLookup
{
    /// <summary>Resolves a host and service to socket addresses, like Python's <c>socket.getaddrinfo(host, port, type=...)</c>.</summary>
    /// <param name="host">A host name or IP literal (IPv6 without brackets).</param>
    /// <param name="service">A port number or service name as text (<c>"80"</c>, <c>"http"</c>); null means port 0.</param>
    /// <param name="socketType">Only TCP (<see cref="SocketType.Stream"/>, <c>SOCK_STREAM</c>) or only UDP (<see cref="SocketType.Dgram"/>, <c>SOCK_DGRAM</c>) results; null gives both, stream first.</param>
    /// <param name="cancellationToken">Cancels the DNS look-up.</param>
    /// <returns>
    /// One entry per address and socket type, addresses in resolver order. A service known only for TCP
    /// gives no UDP entries, as the C library does.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty, or <paramref name="socketType"/> is neither stream nor datagram.</exception>
    /// <exception cref="HostNotFoundException">The host does not resolve.</exception>
    /// <exception cref="UnknownServiceException">The service name is unknown for every requested protocol.</exception>
    /// <exception cref="FormatException"><paramref name="service"/> is neither a port number 0-65535 nor a name.</exception>
    public static async Task<IReadOnlyList<AddressInfo>> GetAddressInfoAsync(
        string host,
        string? service = null,
        SocketType? socketType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var types = SocketTypesFor(socketType);
        var ports = new List<(SocketType Type, ProtocolType Protocol, int Port)>(types.Count);
        foreach (var (type, protocol, name) in types)
        {
            if (TryGetServicePort(service, name, out var port))
            {
                ports.Add((type, protocol, port));
            }
        }

        if (ports.Count == 0)
        {
            throw new UnknownServiceException(
                $"unknown service '{service}' for {string.Join(" or ", types.Select(t => t.Name))} (not in {ServiceDatabase.System.SourceDescription})");
        }

        var entry = await ResolveHostAsync(host, cancellationToken).ConfigureAwait(false);
        var result = new List<AddressInfo>(entry.Addresses.Count * ports.Count);
        foreach (var address in entry.Addresses)
        {
            foreach (var (type, protocol, port) in ports)
            {
                result.Add(new AddressInfo(address.AddressFamily, type, protocol, entry.HostName, new IPEndPoint(address, port)));
            }
        }

        return result;
    }

    /// <summary>Resolves a host and port to socket addresses, like Python's <c>socket.getaddrinfo(host, port)</c> with a numeric port.</summary>
    /// <param name="host">A host name or IP literal.</param>
    /// <param name="port">The port, 0 to 65535.</param>
    /// <param name="socketType">Only TCP (<see cref="SocketType.Stream"/>) or only UDP (<see cref="SocketType.Dgram"/>) results; null gives both.</param>
    /// <param name="cancellationToken">Cancels the DNS look-up.</param>
    /// <returns>One entry per address and socket type.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0 to 65535.</exception>
    /// <exception cref="HostNotFoundException">The host does not resolve.</exception>
    public static Task<IReadOnlyList<AddressInfo>> GetAddressInfoAsync(
        string host,
        int port,
        SocketType? socketType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return GetAddressInfoAsync(host, port.ToString(CultureInfo.InvariantCulture), socketType, cancellationToken);
    }

    /// <summary>Resolves a host name to its first IPv4 address, like Python's <c>socket.gethostbyname</c>.</summary>
    /// <param name="host">A host name or IPv4 literal.</param>
    /// <param name="cancellationToken">Cancels the DNS look-up.</param>
    /// <returns>The first IPv4 address.</returns>
    /// <exception cref="HostNotFoundException">The host does not resolve, or has no IPv4 address.</exception>
    public static async Task<IPAddress> GetHostByNameAsync(string host, CancellationToken cancellationToken = default)
    {
        var entry = await GetHostByNameExAsync(host, cancellationToken).ConfigureAwait(false);
        return entry.Addresses[0];
    }

    /// <summary>Resolves a host name to its name, aliases and IPv4 addresses, like Python's <c>socket.gethostbyname_ex</c>.</summary>
    /// <param name="host">A host name or IPv4 literal.</param>
    /// <param name="cancellationToken">Cancels the DNS look-up.</param>
    /// <returns>The canonical name, aliases and IPv4 addresses (never empty).</returns>
    /// <exception cref="ArgumentException"><paramref name="host"/> is null or empty.</exception>
    /// <exception cref="HostNotFoundException">The host does not resolve, or has no IPv4 address.</exception>
    public static async Task<HostEntry> GetHostByNameExAsync(string host, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var entry = await ResolveHostAsync(host, cancellationToken).ConfigureAwait(false);
        var v4 = entry.Addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray();
        return v4.Length == 0
            ? throw new HostNotFoundException($"host '{host}' has no IPv4 address")
            : entry with { Addresses = v4 };
    }

    /// <summary>Looks up the name of an address (reverse DNS), like Python's <c>socket.gethostbyaddr</c>.</summary>
    /// <param name="address">The address to name.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The host's name, aliases and addresses; null when the address has no name (Python raises <c>herror</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="HostNotFoundException">The resolver failed for another reason (no DNS server, for instance).</exception>
    public static async Task<HostEntry?> GetHostByAddressAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return null;
        }

        IPHostEntry entry;
        try
        {
            entry = await Dns.GetHostEntryAsync(address.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return null;
        }
        catch (SocketException ex)
        {
            throw new HostNotFoundException($"reverse look-up of {address} failed: {ex.Message}", ex);
        }

        // Some resolvers answer with the address itself when there is no name for it.
        return string.IsNullOrEmpty(entry.HostName) || IPAddress.TryParse(entry.HostName, out _)
            ? null
            : new HostEntry(entry.HostName, entry.Aliases, entry.AddressList.Length > 0 ? entry.AddressList : [address]);
    }

    /// <summary>Looks up the name of an address given as text, like Python's <c>socket.gethostbyaddr("127.0.0.1")</c>.</summary>
    /// <param name="address">An IPv4 or IPv6 literal.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The host entry, or null when the address has no name.</returns>
    /// <exception cref="FormatException"><paramref name="address"/> is not an IP address.</exception>
    /// <exception cref="HostNotFoundException">The resolver failed for another reason.</exception>
    public static Task<HostEntry?> GetHostByAddressAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.TryParse(address, out var parsed)
            ? GetHostByAddressAsync(parsed, cancellationToken)
            : throw new FormatException($"'{address}' is not an IPv4 or IPv6 address");
    }

    /// <summary>Returns this machine's host name, like Python's <c>socket.gethostname</c>.</summary>
    /// <returns>The host name, not necessarily qualified.</returns>
    public static string GetHostName() => Dns.GetHostName();

    /// <summary>Returns a fully qualified name for a host, like Python's <c>socket.getfqdn</c>.</summary>
    /// <param name="name">The host; null, empty or <c>0.0.0.0</c> means this machine.</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    /// <returns>
    /// The first name containing a dot among the canonical name, its aliases and the reverse names of its
    /// first address; otherwise the name itself (where Python would return the reverse name, often <c>localhost</c>).
    /// Look-up failures are not errors: the name is returned unchanged.
    /// </returns>
    public static async Task<string> GetFullyQualifiedDomainNameAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name == "0.0.0.0")
        {
            name = GetHostName();
        }

        try
        {
            var entry = await ResolveHostAsync(name, cancellationToken).ConfigureAwait(false);
            var candidates = new List<string> { entry.HostName };
            candidates.AddRange(entry.Aliases);
            if (entry.Addresses.Count > 0
                && await GetHostByAddressAsync(entry.Addresses[0], cancellationToken).ConfigureAwait(false) is { } reverse)
            {
                candidates.Add(reverse.HostName);
                candidates.AddRange(reverse.Aliases);
            }

            return candidates.FirstOrDefault(c => c.Contains('.', StringComparison.Ordinal) && !IPAddress.TryParse(c, out _)) ?? name;
        }
        catch (HostNotFoundException)
        {
            // getfqdn never fails: an unresolvable name is its own best answer.
            return name;
        }
    }

    internal static async Task<HostEntry> ResolveHostAsync(string host, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (IPAddress.TryParse(host, out var literal))
        {
            return new HostEntry(host, [], [literal]);
        }

        try
        {
            var entry = await Dns.GetHostEntryAsync(host, cancellationToken).ConfigureAwait(false);
            return entry.AddressList.Length == 0
                ? throw new HostNotFoundException($"host '{host}' has no addresses")
                : new HostEntry(string.IsNullOrEmpty(entry.HostName) ? host : entry.HostName, entry.Aliases, entry.AddressList);
        }
        catch (SocketException ex)
        {
            throw new HostNotFoundException($"host '{host}' not found: {ex.Message}", ex);
        }
    }

    // Naming sits below Transport, so the filter is the socket type getaddrinfo itself takes, not Transport's TransportKind.
    private static List<(SocketType Type, ProtocolType Protocol, string Name)> SocketTypesFor(SocketType? socketType) => socketType switch
    {
        null => [(SocketType.Stream, ProtocolType.Tcp, "tcp"), (SocketType.Dgram, ProtocolType.Udp, "udp")],
        SocketType.Stream => [(SocketType.Stream, ProtocolType.Tcp, "tcp")],
        SocketType.Dgram => [(SocketType.Dgram, ProtocolType.Udp, "udp")],
        _ => throw new ArgumentException($"getaddrinfo resolves TCP (Stream) or UDP (Dgram) endpoints, not {socketType}.", nameof(socketType)),
    };

    private static bool TryGetServicePort(string? service, string protocol, out int port)
    {
        port = 0;
        if (string.IsNullOrWhiteSpace(service))
        {
            return true;
        }

        service = service.Trim();
        if (char.IsAsciiDigit(service[0]))
        {
            return service.All(char.IsAsciiDigit) && service.Length <= 5
                && (port = int.Parse(service, NumberStyles.None, CultureInfo.InvariantCulture)) <= 65535
                ? true
                : throw new FormatException($"'{service}' is not a port number 0-65535 or a service name");
        }

        return ServiceDatabase.System.TryGetPort(service, protocol, out port);
    }
}
