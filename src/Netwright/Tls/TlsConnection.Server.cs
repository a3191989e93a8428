using System.Net.Security;
using Netwright.Errors;
using Netwright.Tls.Internal;
using Netwright.Transport;

namespace Netwright.Tls;

public sealed partial class TlsConnection
{
    /// <summary>Runs the server side of the TLS handshake over <paramref name="connection"/> and returns the TLS connection.</summary>
    /// <param name="connection">The plain connection; owned by the result from now on (and aborted if the handshake fails).</param>
    /// <param name="options">The certificate and the rest; read once per options object and cached.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The TLS connection, ready for application bytes.</returns>
    /// <exception cref="TlsHandshakeException">The handshake failed; <see cref="TlsHandshakeException.Failure"/> says why. The plain connection has been aborted.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public static async Task<TlsConnection> AuthenticateAsServerAsync(Connection connection, TlsServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var authenticator = options.Authenticator;
        var stream = new PipeStream(connection.Transport);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.ConnectionClosed);
        if (authenticator.HandshakeTimeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(authenticator.HandshakeTimeout);
        }

        try
        {
            await authenticator.AuthenticateAsync(ssl, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = TlsErrors.Describe(ex, stream, client: false, NetEndpoint.Format(connection.RemoteEndPoint), authenticator.HandshakeTimeout, rejection: null);
            connection.Abort(error);
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw error;
        }
        catch
        {
            connection.Abort();
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new TlsConnection(connection, ssl, string.IsNullOrEmpty(ssl.TargetHostName) ? null : ssl.TargetHostName);
    }
}
