using System.Net.Sockets;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>
/// One stream transport as the suites see it: where a server listens and how a plain client socket
/// connects to it. Clients are raw sockets, not Netwright code, so the server is judged from outside.
/// </summary>
public abstract class StreamTransport : IDisposable
{
    /// <summary>Gets a short name for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Returns a fresh endpoint to listen on (port 0, or a new path in a private temp directory).</summary>
    /// <returns>The endpoint.</returns>
    public abstract NetEndPoint CreateEndpoint();

    /// <summary>Gets the engine the suites' servers run their connections on.</summary>
    public virtual TransportEngine Engine => TransportEngine.Sockets;

    /// <summary>Creates an unconnected client socket of the right family.</summary>
    /// <returns>The socket.</returns>
    public abstract Socket CreateClientSocket();

    /// <summary>Connects a client socket to a bound server endpoint.</summary>
    /// <param name="bound">The endpoint the server reports in <c>EndPoints</c>.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected socket.</returns>
    public async Task<Socket> ConnectAsync(NetEndPoint bound, CancellationToken cancellationToken)
    {
        var socket = CreateClientSocket();
        try
        {
            await socket.ConnectAsync((await bound.ResolveAsync(cancellationToken))[0], cancellationToken).AsTask().WithTimeout();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}
