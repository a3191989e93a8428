using System.Net.Sockets;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>One datagram transport as the suites see it: where a server binds and how a plain client socket talks to it.</summary>
public abstract class DatagramTransport(TransportEngine engine) : IDisposable
{
    /// <summary>Gets the engine the suites' servers receive datagrams on.</summary>
    public TransportEngine Engine { get; } = engine;

    /// <summary>Returns a fresh endpoint to bind (port 0, or a new path in a private temp directory).</summary>
    /// <returns>The endpoint.</returns>
    public abstract NetEndPoint CreateEndpoint();

    /// <summary>Creates a client socket bound to its own address (so it can be answered) and connected to the server.</summary>
    /// <param name="bound">The endpoint the server reports.</param>
    /// <returns>The socket.</returns>
    public abstract Socket CreateClient(NetEndPoint bound);

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}
