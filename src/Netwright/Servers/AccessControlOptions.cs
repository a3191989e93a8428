using System.Net;

namespace Netwright.Servers;

/// <summary>
/// Who may connect to a <see cref="NetServer"/>, and how much: address allow and deny lists, a cap on the
/// connections one address may hold open, and a cap on how fast one address may open them (nginx's
/// <c>allow</c>/<c>deny</c> and <c>limit_conn</c>, OpenSSH's <c>MaxStartups</c> in spirit).
/// </summary>
/// <remarks>
/// A refused connection is closed at once, counted in <c>netwright.rejected_connections</c> with the reason, and
/// logged at most once per address and reason per <see cref="Applications.ApplicationOptions.LogInterval"/>. The address lists also
/// apply to datagram endpoints: datagrams from a refused address are dropped before the application sees them.
/// Unix sockets carry no address and are not filtered. IPv4 peers on an IPv6 socket are matched as IPv4.
/// </remarks>
public sealed class AccessControlOptions
{
    /// <summary>Gets the networks allowed to connect; empty allows every address not denied. Default: empty.</summary>
    public IList<IPNetwork> Allow { get; } = [];

    /// <summary>Gets the networks refused; a deny wins over an allow. Default: empty.</summary>
    public IList<IPNetwork> Deny { get; } = [];

    /// <summary>Gets or sets the most connections one address may hold open at once; null for no cap. Default: null (clients behind one NAT share an address).</summary>
    public int? MaxConnectionsPerAddress { get; set; }

    /// <summary>
    /// Gets or sets how many new connections per second one address may open, on average (a token bucket that holds
    /// one second's worth, so short bursts pass); null for no cap. Default: null.
    /// </summary>
    public double? MaxConnectionRatePerAddress { get; set; }

    /// <summary>
    /// Gets or sets how many datagrams per second one source (an address and port) may have handled on a datagram
    /// endpoint, on average (a token bucket holding one second's worth, so bursts pass); 0 for no limit. Datagrams over
    /// the rate are dropped unanswered before the application sees them, with one rate-limited log line counting them:
    /// a flooding source can neither take the endpoint from other sources nor use it to reflect traffic (DNS Response
    /// Rate Limiting's idea). Default: 1,000 per second, far above what a client waiting for its answers sends; a load
    /// generator hammering one socket is over it and should set 0.
    /// </summary>
    public double MaxDatagramRatePerSource { get; set; } = DefaultDatagramRatePerSource;

    /// <summary>The default <see cref="MaxDatagramRatePerSource"/>: 1,000 datagrams per second.</summary>
    public const double DefaultDatagramRatePerSource = 1_000;

    /// <summary>Gets whether any rule is set, so the server must look at peers' addresses.</summary>
    internal bool IsActive => Allow.Count > 0 || Deny.Count > 0 || MaxConnectionsPerAddress is not null || MaxConnectionRatePerAddress is not null;

    /// <summary>Parses a network as <c>ADDRESS/PREFIX</c> or a single address (<c>10.0.0.0/8</c>, <c>::1</c>, <c>192.0.2.7</c>).</summary>
    /// <param name="text">The network.</param>
    /// <returns>The network.</returns>
    /// <exception cref="FormatException">The text is not an address or a network.</exception>
    public static IPNetwork ParseNetwork(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (IPNetwork.TryParse(trimmed, out var network))
        {
            return network;
        }

        if (!trimmed.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(trimmed, out var address))
        {
            address = Normalize(address);
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        throw new FormatException($"'{text}' is not an address or a network (expected ADDRESS or ADDRESS/PREFIX)");
    }

    internal void Validate()
    {
        if (MaxConnectionsPerAddress is { } cap)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1, nameof(MaxConnectionsPerAddress));
        }

        if (MaxConnectionRatePerAddress is { } rate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0, nameof(MaxConnectionRatePerAddress));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramRatePerSource, 0, nameof(MaxDatagramRatePerSource));
        if (!double.IsFinite(MaxDatagramRatePerSource))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDatagramRatePerSource), "the rate must be a finite number (0 for no limit)");
        }
    }

    /// <summary>Decides whether the address lists admit <paramref name="address"/>.</summary>
    internal bool IsAllowed(IPAddress address)
    {
        foreach (var network in Deny)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }

        if (Allow.Count == 0)
        {
            return true;
        }

        foreach (var network in Allow)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
