using Microsoft.Extensions.Logging;
using Netwright.Applications;
using Netwright.Diagnostics;
using Netwright.Errors;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.Servers.Internal;

/// <summary>
/// Runs the TLS handshake on each accepted connection, then the listener's application over the TLS connection.
/// A failed handshake is logged (one line per kind of failure per interval) and closes only that connection.
/// </summary>
internal sealed class TlsApplication(IConnectionApplication inner, TlsServerOptions options) : IConnectionApplication
{
    private ILogger? _logger;

    public async Task RunAsync(Connection connection, ServerContext server)
    {
        TlsConnection tls;
        try
        {
            tls = await TlsConnection.AuthenticateAsServerAsync(connection, options, server.TimeProvider, server.Stopping).ConfigureAwait(false);
        }
        catch (TlsHandshakeException error)
        {
            Report(error, connection, server);
            return;
        }

        await using (tls.ConfigureAwait(false))
        {
            var logger = LoggerFor(server);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                NetwrightLog.TlsEstablished(logger, tls.Id, tls.Protocol.ToString(), tls.CipherSuite.ToString());
            }

            await inner.RunAsync(tls, server).ConfigureAwait(false);
        }
    }

    private void Report(TlsHandshakeException error, Connection connection, ServerContext server)
    {
        var logger = LoggerFor(server);
        // One line per kind of failure per interval, through the server's limiter, so a flood of bad handshakes cannot fill the log.
        if (!server.LogLimiter.ShouldLog($"TlsHandshakeFailed {error.Failure}", out var suppressed))
        {
            return;
        }

        if (suppressed == 0)
        {
            NetwrightLog.TlsHandshakeFailed(logger, NetEndPoint.Format(connection.LocalEndPoint), error.Message);
        }
        else
        {
            NetwrightLog.TlsHandshakeFailedRepeatedly(logger, NetEndPoint.Format(connection.LocalEndPoint), error.Message, suppressed);
        }
    }

    private ILogger LoggerFor(ServerContext server) => _logger ??= server.LoggerFactory.CreateLogger<NetServer>();
}
