namespace Netwright.Servers;

/// <summary>
/// What a server runs on each received datagram. <see cref="DatagramHandler"/> (handler style) and
/// <c>Netwright.Protocols.DatagramProtocol</c> (event style) both implement it.
/// </summary>
public interface IDatagramApplication
{
    /// <summary>Handles one datagram; the next is received after this completes.</summary>
    /// <param name="datagram">The datagram; its payload is valid only until the returned task completes.</param>
    /// <param name="server">The server's options, clock and stop signal.</param>
    /// <returns>A task that completes when the datagram is handled.</returns>
    ValueTask OnDatagramAsync(Datagram datagram, ServerContext server);
}
