using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Netwright.Protocols;

namespace Netwright.Hosting;

/// <summary>
/// A <see cref="ProtocolFactory"/> that makes a new <typeparamref name="TProtocol"/> per connection with its constructor's
/// dependencies resolved from dependency injection (<see cref="ActivatorUtilities"/>), so a protocol can take an
/// <c>ILogger&lt;T&gt;</c>, options or a shared singleton in its constructor.
/// </summary>
/// <typeparam name="TProtocol">The protocol; its constructor's parameters are resolved from the service provider.</typeparam>
/// <remarks>Dependencies come from the root provider: register them as singletons or transients, not scoped services.</remarks>
public sealed class ServiceProtocolFactory<TProtocol> : ProtocolFactory
    where TProtocol : Protocol
{
    private static readonly ObjectFactory<TProtocol> s_create = ActivatorUtilities.CreateFactory<TProtocol>([]);
    private readonly IServiceProvider _services;

    /// <summary>Creates the factory.</summary>
    /// <param name="services">Where the protocol's constructor arguments come from.</param>
    public ServiceProtocolFactory(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <summary>Makes the protocol for a new connection.</summary>
    /// <param name="remoteEndPoint">The peer's address (not used).</param>
    /// <returns>A new protocol.</returns>
    public override Protocol? CreateProtocol(EndPoint? remoteEndPoint) => s_create(_services, null);
}
