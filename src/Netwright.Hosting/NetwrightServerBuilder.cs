using Microsoft.Extensions.DependencyInjection;
using Netwright.Applications;
using Netwright.Hosting.Internal;
using Netwright.Protocols;

namespace Netwright.Hosting;

/// <summary>
/// Registers the handlers, protocols and factories that configured listeners name with <c>"Handler": "NAME"</c>;
/// returned by <see cref="NetwrightServiceCollectionExtensions.AddNetwrightServer"/>.
/// </summary>
public sealed class NetwrightServerBuilder
{
    private readonly NamedApplications _named;

    internal NetwrightServerBuilder(IServiceCollection services, NamedApplications named)
    {
        Services = services;
        _named = named;
    }

    /// <summary>Gets the service collection, to register what the handlers depend on.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers an event-style protocol: a new <typeparamref name="TProtocol"/> per connection, its constructor's arguments
    /// from that connection's DI scope (see <see cref="ServiceProtocolFactory{TProtocol}"/>).
    /// </summary>
    /// <typeparam name="TProtocol">The protocol.</typeparam>
    /// <param name="name">The name listeners use.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public NetwrightServerBuilder AddProtocol<TProtocol>(string name)
        where TProtocol : Protocol
    {
        _named.Add(name, isDatagram: false, static services => new ServiceProtocolFactory<TProtocol>(services));
        return this;
    }

    /// <summary>
    /// Registers a stream application (a <c>ConnectionHandler</c> or a <c>ProtocolFactory</c>): one instance per listener,
    /// taken from DI when registered there, otherwise created with its constructor's arguments from DI.
    /// </summary>
    /// <typeparam name="THandler">The handler or factory.</typeparam>
    /// <param name="name">The name listeners use.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public NetwrightServerBuilder AddHandler<THandler>(string name)
        where THandler : class, IConnectionApplication
    {
        _named.Add(name, isDatagram: false, static services => ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services));
        return this;
    }

    /// <summary>
    /// Registers a handler made per connection: each connection gets its own DI scope, a new <typeparamref name="THandler"/>
    /// is created in it with its constructor's arguments (scoped services once per connection, singletons shared), and
    /// the scope is disposed, asynchronously, when the connection ends.
    /// </summary>
    /// <typeparam name="THandler">The handler (a <c>ConnectionHandler</c>, say) or protocol factory.</typeparam>
    /// <param name="name">The name listeners use.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    /// <remarks>Use <see cref="AddHandler{THandler}"/> for a handler shared by every connection of a listener.</remarks>
    public NetwrightServerBuilder AddScopedHandler<THandler>(string name)
        where THandler : class, IConnectionApplication
    {
        _named.Add(name, isDatagram: false, static services => new ScopedHandler<THandler>(services.GetRequiredService<IServiceScopeFactory>()));
        return this;
    }

    /// <summary>Registers a datagram application (a <c>DatagramHandler</c> or a <c>DatagramProtocol</c>), made as <see cref="AddHandler{THandler}"/> makes handlers.</summary>
    /// <typeparam name="THandler">The datagram handler or protocol.</typeparam>
    /// <param name="name">The name listeners use.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public NetwrightServerBuilder AddDatagramHandler<THandler>(string name)
        where THandler : class, IDatagramApplication
    {
        _named.Add(name, isDatagram: true, static services => ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services));
        return this;
    }

    /// <summary>Registers a stream application made by a delegate, once per listener that names it.</summary>
    /// <param name="name">The name listeners use.</param>
    /// <param name="create">Makes the application from the service provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public NetwrightServerBuilder AddHandler(string name, Func<IServiceProvider, IConnectionApplication> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _named.Add(name, isDatagram: false, create);
        return this;
    }
}
