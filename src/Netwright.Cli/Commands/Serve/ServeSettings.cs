using Netwright.Services;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve;

/// <summary>What <c>serve</c> was asked to do, parsed and checked; <see cref="Chat"/> is set (and <see cref="Service"/> null) for <c>serve chat</c>.</summary>
internal sealed record ServeSettings(
    ServiceDefinition? Service,
    IReadOnlyList<NetEndPoint> Endpoints,
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
    ServeTlsSettings? Tls = null,
    Services.Chat.ChatOptions? Chat = null,
    global::Netwright.Chat.Redis.RedisChatBackplaneOptions? ChatRedis = null)
{
    /// <summary>Gets the service's name as the log shows it.</summary>
    public string ServiceName => Service?.Name ?? "chat";
}
