using Netwright.Errors;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.Clients;

/// <summary>
/// Opens client connections to any stream endpoint with a time limit, reporting failures as typed
/// exceptions (Python's <c>socket.create_connection</c> with its <c>error</c>/<c>gaierror</c>/<c>timeout</c>).
/// </summary>
/// <remarks>
/// Start here for clients. For stream endpoints <see cref="ConnectAsync"/> returns a <see cref="Connection"/>
/// (pipes, as a server sees); for datagrams use <see cref="DatagramChannel.ConnectAsync"/>; for the event
/// style see <see cref="ProtocolConnector"/>. Every address a host name resolves to is tried
/// in turn, like <c>create_connection</c>.
/// </remarks>
public static class NetClient
{
    /// <summary>The time limit used when none is given: 10 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connects to a TCP or Unix stream endpoint and runs the TLS handshake as a client.</summary>
    /// <param name="endPoint">Where to connect; for TCP its host is the name sent in SNI and checked, unless <see cref="TlsClientOptions.ServerName"/> is set.</param>
    /// <param name="tls">How to check the server, and the rest.</param>
    /// <param name="timeout">The limit for resolving and connecting (the handshake has <see cref="TlsClientOptions.HandshakeTimeout"/>); null for <see cref="DefaultConnectTimeout"/>.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The TLS connection; dispose it to close.</returns>
    /// <exception cref="ConnectionRefusedException">Nobody listens there.</exception>
    /// <exception cref="HostNotFoundException">The host name does not resolve.</exception>
    /// <exception cref="NetworkTimeoutException">The time limit passed.</exception>
    /// <exception cref="TlsHandshakeException">The handshake failed or the server's certificate did not verify.</exception>
    public static async Task<TlsConnection> ConnectTlsAsync(NetEndPoint endPoint, TlsClientOptions tls, TimeSpan? timeout = null, SocketTransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var connection = await ConnectAsync(endPoint, timeout, options, cancellationToken).ConfigureAwait(false);
        try
        {
            return await TlsConnection.AuthenticateAsClientAsync(connection, tls, endPoint.IsUnix ? null : endPoint.Host, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects to a TCP or Unix stream endpoint.</summary>
    /// <param name="endPoint">Where to connect.</param>
    /// <param name="timeout">The limit for resolving and connecting; null for <see cref="DefaultConnectTimeout"/>, <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The connected, started connection; dispose it to close.</returns>
    /// <exception cref="ConnectionRefusedException">Nobody listens there.</exception>
    /// <exception cref="HostNotFoundException">The host name does not resolve.</exception>
    /// <exception cref="NetworkTimeoutException">The time limit passed.</exception>
    public static async Task<Connection> ConnectAsync(NetEndPoint endPoint, TimeSpan? timeout = null, SocketTransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!endPoint.IsStream)
        {
            throw new ArgumentException($"'{endPoint}' is not a stream endpoint; use DatagramChannel.ConnectAsync for {endPoint.Kind}", nameof(endPoint));
        }

        options ??= SocketTransportOptions.Default;
        var limit = timeout ?? DefaultConnectTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(limit);
        }

        try
        {
            return await StreamConnector.ConnectAsync(endPoint, options, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NetworkTimeoutException($"connect {endPoint}: timed out after {limit.TotalSeconds:0.###} s");
        }
    }
}
