using Netwright.Transport;

namespace Netwright.Cli.Commands.Chat;

/// <summary>What <c>chat</c> was asked to do.</summary>
internal sealed record ChatSettings(
    NetEndPoint Endpoint,
    string Nick,
    string? Channel,
    string? Password,
    TimeSpan Timeout,
    bool Interactive,
    Tls.TlsClientOptions? Tls);
