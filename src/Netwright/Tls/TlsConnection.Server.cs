using Netwright.Errors;
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
    public static Task<TlsConnection> AuthenticateAsServerAsync(Connection connection, TlsServerOptions options, CancellationToken cancellationToken = default) =>
        AuthenticateAsServerAsync(connection, options, TimeProvider.System, cancellationToken);

    /// <summary>The server side of the handshake, timed on <paramref name="time"/> (the server's clock).</summary>
    internal static async Task<TlsConnection> AuthenticateAsServerAsync(Connection connection, TlsServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var authenticator = options.Authenticator;
        return await HandshakeAsync(
            connection,
            client: false,
            authenticator.HandshakeTimeout,
            time,
            authenticator.AuthenticateAsync,
            static () => null,
            static ssl => string.IsNullOrEmpty(ssl.TargetHostName) ? null : ssl.TargetHostName,
            cancellationToken).ConfigureAwait(false);
    }
}
