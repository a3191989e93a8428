namespace Netwright.Hosting;

/// <summary>The <c>"AccessControl"</c> of the <c>"Netwright"</c> section: networks written <c>ADDRESS/PREFIX</c> or single addresses.</summary>
public sealed class AccessOptions
{
    /// <summary>Gets the networks allowed to connect; empty allows every address not denied.</summary>
    public IList<string> Allow { get; } = [];

    /// <summary>Gets the networks refused; a deny wins over an allow.</summary>
    public IList<string> Deny { get; } = [];

    /// <summary>Gets or sets the most connections one address may hold open; null for no cap.</summary>
    public int? MaxConnectionsPerAddress { get; set; }

    /// <summary>Gets or sets how many new connections per second one address may open on average; null for no cap.</summary>
    public double? MaxConnectionRatePerAddress { get; set; }

    /// <summary>Gets or sets how many datagrams per second one source (address and port) may have answered on average; 0 for no limit. Default: 1,000.</summary>
    public double MaxDatagramRatePerSource { get; set; } = Servers.AccessControlOptions.DefaultDatagramRatePerSource;
}
