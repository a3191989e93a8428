using Microsoft.Extensions.Logging;

namespace Netwright.Diagnostics;

internal static partial class NetwrightLog
{
    [LoggerMessage(100, LogLevel.Warning, "TLS handshake failed on {EndPoint}: {Reason}", EventName = "TlsHandshakeFailed")]
    public static partial void TlsHandshakeFailed(ILogger logger, string endPoint, string reason);

    [LoggerMessage(101, LogLevel.Warning, "TLS handshake failed on {EndPoint}: {Reason} (and {Suppressed} more like it in the last {Interval} s, not logged)", EventName = "TlsHandshakeFailedRepeatedly")]
    public static partial void TlsHandshakeFailedRepeatedly(ILogger logger, string endPoint, string reason, int suppressed, double interval);

    [LoggerMessage(102, LogLevel.Debug, "Connection {ConnectionId}: TLS {Protocol} with {CipherSuite}", EventName = "TlsEstablished")]
    public static partial void TlsEstablished(ILogger logger, string connectionId, string protocol, string cipherSuite);
}
