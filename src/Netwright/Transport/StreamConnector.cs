using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport.Internal;

namespace Netwright.Transport;

/// <summary>
/// The transport side of connecting a client: resolves the endpoint, tries each address in turn (like Python's
/// <c>socket.create_connection</c>), and wraps the connected socket in a started <see cref="Connection"/>.
/// Socket errors become Netwright's typed exceptions here, at the transport boundary.
/// </summary>
internal static class StreamConnector
{
    /// <summary>Connects to a stream endpoint; the caller owns the returned connection.</summary>
    /// <exception cref="ConnectionRefusedException">Nobody listens there.</exception>
    /// <exception cref="HostNotFoundException">The host name does not resolve.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public static async Task<Connection> ConnectAsync(NetEndPoint endPoint, SocketTransportOptions options, CancellationToken cancellationToken)
    {
        var socket = await ConnectSocketAsync(endPoint, cancellationToken).ConfigureAwait(false);
        if (!endPoint.IsUnix)
        {
            socket.NoDelay = options.NoDelay;
        }

        var connection = new SocketConnection(socket, endPoint.Kind, options);
        connection.Start();
        return connection;
    }

    private static async Task<Socket> ConnectSocketAsync(NetEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = await endPoint.ResolveAsync(cancellationToken).ConfigureAwait(false);
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
                last = Translate(ex, endPoint, address);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new HostNotFoundException($"connect {endPoint}: the name resolved to no address");
    }

    private static Exception Translate(SocketException exception, NetEndPoint endPoint, EndPoint address)
    {
        // A Unix path with no socket behind it is "refused" to the user, not "file not found".
        if (endPoint.IsUnix && exception.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            return new ConnectionRefusedException($"connect {endPoint}: no server at that path", exception);
        }

        var text = endPoint.IsUnix ? endPoint.ToString() : $"{endPoint} ({NetEndPoint.Format(address)})";
        return SocketErrors.Translate(exception, "connect", text);
    }
}
