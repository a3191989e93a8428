using System.Net;
using System.Net.Security;
using Netwright.Errors;
using Netwright.Tls.Internal;
using Netwright.Transport;

namespace Netwright.Tls;

public sealed partial class TlsConnection
{
    /// <summary>Runs the client side of the TLS handshake over <paramref name="connection"/> and returns the TLS connection.</summary>
    /// <param name="connection">The plain connection; owned by the result from now on (and aborted if the handshake fails).</param>
    /// <param name="options">How to check the server, and the rest.</param>
    /// <param name="host">The host the connection was made to, sent in SNI and checked against the certificate unless <see cref="TlsClientOptions.ServerName"/> is set; null uses the peer's address.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The TLS connection, ready for application bytes.</returns>
    /// <exception cref="TlsHandshakeException">The handshake failed or the server's certificate did not verify; <see cref="TlsHandshakeException.Failure"/> says why. The plain connection has been aborted.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public static async Task<TlsConnection> AuthenticateAsClientAsync(Connection connection, TlsClientOptions options, string? host = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var name = options.ServerName ?? host ?? (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "localhost";
        var check = new TlsServerCheck(options, name);
        var stream = new PipeStream(connection.Transport);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.ConnectionClosed);
        if (options.HandshakeTimeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(options.HandshakeTimeout);
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(check.CreateAuthenticationOptions(), limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = TlsErrors.Describe(ex, stream, client: true, NetEndpoint.Format(connection.RemoteEndPoint), options.HandshakeTimeout, check.Rejection);
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

        return new TlsConnection(connection, ssl, name);
    }
}
