using Netwright.Transport;

namespace Netwright.Cli.Commands.Connect;

/// <summary>What <c>connect</c> was asked to do.</summary>
internal sealed record ConnectSettings(
    NetEndPoint Endpoint,
    TimeSpan ConnectTimeout,
    TimeSpan QuietTimeout,
    TimeSpan ReplyTimeout,
    bool CrLf,
    bool Interactive,
    Tls.TlsClientOptions? Tls = null);
