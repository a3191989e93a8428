using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Tls;
using Netwright.Transport;
using Netwright.Transport.Internal;

namespace Netwright.Clients;

/// <summary>
/// Opens client connections to any stream endpoint with a time limit, reporting failures as typed
/// exceptions (Python's <c>socket.create_connection</c> with its <c>error</c>/<c>gaierror</c>/<c>timeout</c>).
/// </summary>
/// <remarks>
/// Start here for clients. For stream endpoints <see cref="ConnectAsync"/> returns a <see cref="Connection"/>
/// (pipes, as a server sees); for datagrams use <see cref="DatagramChannel.ConnectAsync"/>; for the event
/// style see <c>Netwright.Protocols.ProtocolConnector</c>. Every address a host name resolves to is tried
/// in turn, like <c>create_connection</c>.
/// </remarks>
public static class NetClient
{
    /// <summary>The time limit used when none is given: 10 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connects to a TCP or Unix stream endpoint and runs the TLS handshake as a client.</summary>
    /// <param name="endpoint">Where to connect; for TCP its host is the name sent in SNI and checked, unless <see cref="TlsClientOptions.ServerName"/> is set.</param>
    /// <param name="tls">How to check the server, and the rest.</param>
    /// <param name="timeout">The limit for resolving and connecting (the handshake has <see cref="TlsClientOptions.HandshakeTimeout"/>); null for <see cref="DefaultConnectTimeout"/>.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The TLS connection; dispose it to close.</returns>
    /// <exception cref="ConnectionRefusedException">Nobody listens there.</exception>
    /// <exception cref="HostNotFoundException">The host name does not resolve.</exception>
    /// <exception cref="NetworkTimeoutException">The time limit passed.</exception>
    /// <exception cref="TlsHandshakeException">The handshake failed or the server's certificate did not verify.</exception>
    public static async Task<TlsConnection> ConnectTlsAsync(NetEndpoint endpoint, TlsClientOptions tls, TimeSpan? timeout = null, SocketTransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var connection = await ConnectAsync(endpoint, timeout, options, cancellationToken).ConfigureAwait(false);
        try
        {
            return await TlsConnection.AuthenticateAsClientAsync(connection, tls, endpoint.IsUnix ? null : endpoint.Host, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects to a TCP or Unix stream endpoint.</summary>
    /// <param name="endpoint">Where to connect.</param>
    /// <param name="timeout">The limit for resolving and connecting; null for <see cref="DefaultConnectTimeout"/>, <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The connected, started connection; dispose it to close.</returns>
    /// <exception cref="ConnectionRefusedException">Nobody listens there.</exception>
    /// <exception cref="HostNotFoundException">The host name does not resolve.</exception>
    /// <exception cref="NetworkTimeoutException">The time limit passed.</exception>
    public static async Task<Connection> ConnectAsync(NetEndpoint endpoint, TimeSpan? timeout = null, SocketTransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsStream)
        {
            throw new ArgumentException($"'{endpoint}' is not a stream endpoint; use DatagramChannel.ConnectAsync for {endpoint.Kind}", nameof(endpoint));
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
            var socket = await ConnectSocketAsync(endpoint, deadline.Token).ConfigureAwait(false);
            if (!endpoint.IsUnix)
            {
                socket.NoDelay = options.NoDelay;
            }

            var connection = new SocketConnection(socket, endpoint.Kind, options);
            connection.Start();
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NetworkTimeoutException($"connect {endpoint}: timed out after {limit.TotalSeconds:0.###} s");
        }
    }

    private static async Task<Socket> ConnectSocketAsync(NetEndpoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await endpoint.ResolveAsync(cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = SocketBinder.CreateSocket(address, stream: true);
            try
            {
                await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = Translate(ex, endpoint, address);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new HostNotFoundException($"connect {endpoint}: the name resolved to no address");
    }

    private static Exception Translate(SocketException exception, NetEndpoint endpoint, EndPoint address)
    {
        // A Unix path with no socket behind it is "refused" to the user, not "file not found".
        if (endpoint.IsUnix && exception.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            return new ConnectionRefusedException($"connect {endpoint}: no server at that path", exception);
        }

        var text = endpoint.IsUnix ? endpoint.ToString() : $"{endpoint} ({NetEndpoint.Format(address)})";
        return SocketErrors.Translate(exception, "connect", text);
    }
}
