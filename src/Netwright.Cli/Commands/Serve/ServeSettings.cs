using Netwright.Services;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve;

/// <summary>What <c>serve</c> was asked to do, parsed and checked.</summary>
internal sealed record ServeSettings(
    ServiceDefinition Service,
    IReadOnlyList<NetEndpoint> Endpoints,
    ServiceStyle Style,
    int MaxConnections,
    TimeSpan? IdleTimeout,
    TimeSpan ShutdownTimeout,
    int MaxLineLength,
    bool Quiet,
    bool Verbose,
    TransportEngine Engine = TransportEngine.Sockets,
    int? Reactors = null,
    Action<Servers.NetServerOptions>? ApplyLimits = null,
    ServeTlsSettings? Tls = null);
