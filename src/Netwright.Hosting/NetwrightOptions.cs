namespace Netwright.Hosting;

/// <summary>
/// The <c>"Netwright"</c> configuration section: listeners, limits, timeouts, access control and the chat's options. The host binds it
/// (<see cref="NetwrightServiceCollectionExtensions.AddNetwrightServer"/>) and <c>netwright serve --config FILE</c>
/// reads the same schema from a JSON file.
/// </summary>
/// <remarks>
/// <code>
/// "Netwright": {
///   "Listeners": [ { "Endpoint": "tcp://0.0.0.0:21567", "Service": "timestamp" },
///                  { "Endpoint": "tcp://127.0.0.1:7000", "Handler": "upper" } ],
///   "Limits": { "MaxConnections": 1000, "MaxLineLength": 4096 },
///   "Timeouts": { "Idle": "00:05:00", "Shutdown": "00:00:10" },
///   "AccessControl": { "Allow": [ "10.0.0.0/8" ], "MaxConnectionsPerAddress": 20 }
/// }
/// </code>
/// Limits can change while the server runs (the host reloads them); a change to the listeners needs a restart.
/// </remarks>
public sealed class NetwrightOptions
{
    /// <summary>The configuration section's name.</summary>
    public const string SectionName = "Netwright";

    /// <summary>Gets the listeners: where to listen and what serves each one.</summary>
    public IList<ListenerOptions> Listeners { get; } = [];

    /// <summary>Gets the limits (connections, line length, buffers).</summary>
    public LimitOptions Limits { get; } = new();

    /// <summary>Gets the timeouts (idle, shutdown).</summary>
    public TimeoutOptions Timeouts { get; } = new();

    /// <summary>Gets who may connect (address lists, per-address caps).</summary>
    public AccessOptions AccessControl { get; } = new();

    /// <summary>Gets the chat's options, shared by every <c>chat</c> listener.</summary>
    public ChatServiceOptions Chat { get; } = new();

    /// <summary>Gets or sets the transport engine: <c>Sockets</c> (any OS) or <c>Epoll</c> (Linux). Default: <c>Sockets</c>.</summary>
    public string Engine { get; set; } = "Sockets";
}
