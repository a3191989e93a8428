using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Netwright.Applications;
using Netwright.Hosting.Internal;
using Netwright.Protocols;
using Netwright.Transport;

namespace Netwright.Hosting;

/// <summary>
/// A <see cref="ProtocolFactory"/> that makes a new <typeparamref name="TProtocol"/> per connection with its constructor's
/// dependencies resolved from dependency injection (<see cref="ActivatorUtilities"/>), so a protocol can take an
/// <c>ILogger&lt;T&gt;</c>, options, a shared singleton or a scoped service in its constructor.
/// </summary>
/// <typeparam name="TProtocol">The protocol; its constructor's parameters are resolved from the service provider.</typeparam>
/// <remarks>
/// When a server runs the factory, each connection gets its own DI scope: scoped services are made once per connection
/// and shared by everything resolved for it, singletons are shared by all connections, and the scope is disposed
/// (<see cref="IAsyncDisposable.DisposeAsync"/> first) after the connection ends and <see cref="Protocol.OnConnectionLost"/>
/// has run. <see cref="CreateProtocol"/> called directly has no connection, so it resolves from the root provider.
/// </remarks>
public sealed class ServiceProtocolFactory<TProtocol> : ProtocolFactory, IConnectionApplication
    where TProtocol : Protocol
{
    private static readonly ObjectFactory<TProtocol> s_create = ActivatorUtilities.CreateFactory<TProtocol>([]);
    private readonly IServiceProvider _services;
    private readonly IServiceScopeFactory _scopes;

    /// <summary>Creates the factory.</summary>
    /// <param name="services">Where the protocol's constructor arguments come from; it must provide <see cref="IServiceScopeFactory"/>.</param>
    public ServiceProtocolFactory(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
    }

    /// <summary>Makes a protocol outside any connection scope, its dependencies from the root provider.</summary>
    /// <param name="remoteEndPoint">The peer's address (not used).</param>
    /// <returns>A new protocol.</returns>
    public override Protocol? CreateProtocol(EndPoint? remoteEndPoint) => s_create(_services, null);

    // Re-implemented so the protocol is made inside the connection's scope; the base class then runs it as usual.
    Task IConnectionApplication.RunAsync(Connection connection, ServerContext server) =>
        ConnectionScope.RunAsync(_scopes, static scoped => Create(_ => s_create(scoped, null)), connection, server);
}
