using Microsoft.Extensions.DependencyInjection;
using Netwright.Applications;
using Netwright.Transport;

namespace Netwright.Hosting.Internal;

/// <summary>What <see cref="NetwrightServerBuilder.AddScopedHandler{THandler}"/> registers: a handler per connection, taken from the connection's scope (or created there with its constructor's arguments).</summary>
/// <typeparam name="THandler">The handler.</typeparam>
internal sealed class ScopedHandler<THandler>(IServiceScopeFactory scopes) : IConnectionApplication
    where THandler : class, IConnectionApplication
{
    public Task RunAsync(Connection connection, ServerContext server) =>
        ConnectionScope.RunAsync(scopes, static scoped => ActivatorUtilities.GetServiceOrCreateInstance<THandler>(scoped), connection, server);
}
