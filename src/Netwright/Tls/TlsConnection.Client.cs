using System.Net;
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
        return await HandshakeAsync(
            connection,
            client: true,
            options.HandshakeTimeout,
            TimeProvider.System,
            (ssl, token) => ssl.AuthenticateAsClientAsync(check.CreateAuthenticationOptions(), token),
            () => check.Rejection,
            _ => name,
            cancellationToken).ConfigureAwait(false);
    }
}
