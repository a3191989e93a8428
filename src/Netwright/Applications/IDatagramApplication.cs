namespace Netwright.Applications;

/// <summary>
/// What a server runs on each received datagram. <see cref="Netwright.Servers.DatagramHandler"/> (handler style) and
/// <see cref="Netwright.Protocols.DatagramProtocol"/> (event style) both implement it.
/// </summary>
public interface IDatagramApplication
{
    /// <summary>Handles one datagram; the next is handed over only after this completes.</summary>
    /// <remarks>
    /// On the epoll engine (<see cref="Transport.TransportEngine.Epoll"/>) this usually runs on a reactor thread,
    /// which also serves other connections and endpoints, so it must not block; awaiting is fine. Datagrams queued meanwhile wait in the
    /// socket's receive buffer (or the server's current batch) and keep their order.
    /// </remarks>
    /// <param name="datagram">The datagram; its payload is valid only until the returned task completes.</param>
    /// <param name="server">The server's options, clock and stop signal.</param>
    /// <returns>A task that completes when the datagram is handled.</returns>
    ValueTask OnDatagramAsync(Datagram datagram, ServerContext server);
}
