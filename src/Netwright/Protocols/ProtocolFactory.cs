using System.Net;
using Netwright.Applications;
using Netwright.Protocols.Internal;
using Netwright.Transport;

namespace Netwright.Protocols;

/// <summary>
/// Makes one <see cref="Protocol"/> per connection, like Twisted's <c>Factory</c>; a server runs it on
/// every connection of the endpoints it is listening on. Shared state (a chat room, counters) lives here.
/// </summary>
/// <remarks>
/// <code>
/// server.Listen(endpoint, ProtocolFactory.For&lt;EchoProtocol&gt;());
/// </code>
/// Return null from <see cref="CreateProtocol"/> to refuse a connection (Twisted's <c>buildProtocol</c>
/// returning None): it is closed at once.
/// </remarks>
public abstract class ProtocolFactory : IConnectionApplication
{
    /// <summary>A factory that creates a <typeparamref name="TProtocol"/> with its parameterless constructor.</summary>
    /// <typeparam name="TProtocol">The protocol type.</typeparam>
    /// <returns>The factory.</returns>
    public static ProtocolFactory For<TProtocol>()
        where TProtocol : Protocol, new() => new DelegateFactory(static _ => new TProtocol());

    /// <summary>A factory from a delegate.</summary>
    /// <param name="create">Makes a protocol for a peer address, or returns null to refuse it.</param>
    /// <returns>The factory.</returns>
    public static ProtocolFactory Create(Func<EndPoint?, Protocol?> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new DelegateFactory(create);
    }

    /// <summary>Makes the protocol for a new connection (Twisted's <c>buildProtocol</c>).</summary>
    /// <param name="remoteEndPoint">The peer's address.</param>
    /// <returns>A new protocol, or null to refuse the connection.</returns>
    public abstract Protocol? CreateProtocol(EndPoint? remoteEndPoint);

    async Task IConnectionApplication.RunAsync(Connection connection, ServerContext server)
    {
        var protocol = CreateProtocol(connection.RemoteEndPoint);
        if (protocol is null)
        {
            connection.Abort(new Errors.ConnectionAbortedException("refused by the protocol factory"));
            return;
        }

        await new ProtocolRunner(connection, protocol, server, server.Options.Transport.MaxWriteBufferSize).RunAsync().ConfigureAwait(false);
    }

    private sealed class DelegateFactory(Func<EndPoint?, Protocol?> create) : ProtocolFactory
    {
        public override Protocol? CreateProtocol(EndPoint? remoteEndPoint) => create(remoteEndPoint);
    }
}
