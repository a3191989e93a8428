using Netwright.Tls;

namespace Netwright.Streams;

public sealed partial class StreamSession
{
    private TlsConnection? _tls;

    /// <summary>
    /// Upgrades the connection to TLS as the server (STARTTLS): sends what was written, runs the handshake,
    /// and from then on every read and write of this session is encrypted. Call it after answering the
    /// peer's request to start TLS and before reading anything more.
    /// </summary>
    /// <param name="options">The certificate and the rest.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The TLS connection, which this session now owns (for its protocol, cipher and peer certificate).</returns>
    /// <exception cref="InvalidOperationException">The session is already using TLS.</exception>
    /// <exception cref="Errors.TlsHandshakeException">The handshake failed; the connection has been aborted.</exception>
    public async Task<TlsConnection> UpgradeToTlsAsync(TlsServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await PrepareUpgradeAsync(cancellationToken).ConfigureAwait(false);
        return Switch(await TlsConnection.AuthenticateAsServerAsync(_connection, options, _options.TimeProvider, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Upgrades the connection to TLS as the client (STARTTLS): sends what was written, runs the handshake,
    /// and from then on every read and write of this session is encrypted. Call it once the server agreed to start TLS.
    /// </summary>
    /// <param name="options">How to check the server, and the rest.</param>
    /// <param name="host">The server's name, for SNI and the certificate check, unless <see cref="TlsClientOptions.ServerName"/> is set.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The TLS connection, which this session now owns.</returns>
    /// <exception cref="InvalidOperationException">The session is already using TLS.</exception>
    /// <exception cref="Errors.TlsHandshakeException">The handshake failed or the certificate did not verify; the connection has been aborted.</exception>
    public async Task<TlsConnection> UpgradeToTlsAsync(TlsClientOptions options, string? host = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await PrepareUpgradeAsync(cancellationToken).ConfigureAwait(false);
        return Switch(await TlsConnection.AuthenticateAsClientAsync(_connection, options, host, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Closes the TLS layer of an upgraded session gracefully (close_notify, then FIN), then releases what <see cref="Dispose"/> releases.</summary>
    /// <returns>A task that completes when the TLS layer is closed; at once for a session never upgraded.</returns>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (Interlocked.Exchange(ref _tls, null) is { } tls)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task PrepareUpgradeAsync(CancellationToken cancellationToken)
    {
        if (_connection is TlsConnection)
        {
            throw new InvalidOperationException($"connection {_connection.Id} already uses TLS");
        }

        // The line just read is done with; bytes after it are the peer's first TLS bytes and stay for the handshake.
        ConsumePendingLine();
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private TlsConnection Switch(TlsConnection tls)
    {
        _tls = tls;
        _connection = tls;
        _input = tls.Transport.Input;
        _output = tls.Transport.Output;
        return tls;
    }
}
