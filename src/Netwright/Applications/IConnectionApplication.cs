using Netwright.Transport;

namespace Netwright.Applications;

/// <summary>
/// What a server runs on each accepted stream connection. <see cref="Netwright.Servers.ConnectionHandler"/> (handler style)
/// and <see cref="Netwright.Protocols.ProtocolFactory"/> (event style) both implement it; implement it directly to
/// work on the raw pipes.
/// </summary>
public interface IConnectionApplication
{
    /// <summary>Runs the connection to its end. The server disposes the connection afterwards.</summary>
    /// <param name="connection">The accepted connection.</param>
    /// <param name="server">The server's options, clock and stop signal.</param>
    /// <returns>A task that completes when the application is done with the connection.</returns>
    Task RunAsync(Connection connection, ServerContext server);
}
