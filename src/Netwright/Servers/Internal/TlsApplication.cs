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
    private static readonly TimeSpan s_logInterval = TimeSpan.FromSeconds(10);
    private LogRateLimiter? _limiter;
    private ILogger? _logger;

    public async Task RunAsync(Connection connection, ServerContext server)
    {
        TlsConnection tls;
        try
        {
            tls = await TlsConnection.AuthenticateAsServerAsync(connection, options, server.Stopping).ConfigureAwait(false);
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
        var limiter = LazyInitializer.EnsureInitialized(ref _limiter, () => new LogRateLimiter(server.TimeProvider, s_logInterval, Enum.GetValues<TlsFailure>().Length));
        if (!limiter.TryLog((int)error.Failure, out var suppressed))
        {
            return;
        }

        if (suppressed == 0)
        {
            NetwrightLog.TlsHandshakeFailed(logger, NetEndpoint.Format(connection.LocalEndPoint), error.Message);
        }
        else
        {
            NetwrightLog.TlsHandshakeFailedRepeatedly(logger, NetEndpoint.Format(connection.LocalEndPoint), error.Message, suppressed, s_logInterval.TotalSeconds);
        }
    }

    private ILogger LoggerFor(ServerContext server) => _logger ??= server.LoggerFactory.CreateLogger<NetServer>();
}
