using Netwright.Protocols;
using Netwright.Transport;

namespace Netwright.Clients;

/// <summary>
/// Connects an event-style <see cref="Protocol"/> to a server, like Twisted's <c>reactor.connectTCP</c>
/// with a <c>ClientFactory</c>; <see cref="ReconnectingClient"/> adds reconnection with back-off.
/// </summary>
/// <remarks>
/// <code>
/// var connection = await ProtocolConnector.ConnectAsync(NetEndPoint.Parse("localhost:21567"), new MyClientProtocol());
/// await connection.Completion;   // until the connection is lost
/// </code>
/// A failure to connect throws (Twisted's <c>clientConnectionFailed</c>); the protocol's
/// <see cref="Protocol.OnConnectionLost"/> is its <c>clientConnectionLost</c>.
/// </remarks>
public static class ProtocolConnector
{
    /// <summary>Connects and starts the protocol; <see cref="Protocol.OnConnected"/> runs before this returns.</summary>
    /// <param name="endPoint">A TCP or Unix stream endpoint.</param>
    /// <param name="protocol">The protocol to run; used for this one connection.</param>
    /// <param name="timeout">The connect time limit; null for <see cref="NetClient.DefaultConnectTimeout"/>.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting (not the running connection: call the transport's <see cref="ITransport.LoseConnection"/>).</param>
    /// <returns>The running connection.</returns>
    /// <exception cref="Errors.ConnectionRefusedException">Nobody listens there.</exception>
    /// <exception cref="Errors.HostNotFoundException">The host does not resolve.</exception>
    /// <exception cref="Errors.NetworkTimeoutException">The time limit passed.</exception>
    public static async Task<ProtocolConnection> ConnectAsync(NetEndPoint endPoint, Protocol protocol, TimeSpan? timeout = null, SocketTransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        options ??= new SocketTransportOptions();
        var connection = await NetClient.ConnectAsync(endPoint, timeout, options, cancellationToken).ConfigureAwait(false);
        return new ProtocolConnection(protocol, RunAsync(protocol, connection, options.MaxWriteBufferSize));
    }

    private static async Task RunAsync(Protocol protocol, Connection connection, long maxWriteBufferSize)
    {
        try
        {
            await protocol.RunAsClientAsync(connection, maxWriteBufferSize).ConfigureAwait(false);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
