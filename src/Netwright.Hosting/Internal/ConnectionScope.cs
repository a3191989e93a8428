using Microsoft.Extensions.DependencyInjection;
using Netwright.Applications;
using Netwright.Transport;

namespace Netwright.Hosting.Internal;

/// <summary>
/// One dependency-injection scope per connection, as ASP.NET Core gives one per request: the application for the
/// connection is made inside the scope, so its scoped dependencies live exactly as long as the connection, and the
/// scope is disposed (asynchronously, so <see cref="IAsyncDisposable"/> services are awaited) when the connection ends.
/// </summary>
internal static class ConnectionScope
{
    /// <summary>Creates a scope, makes the application in it, runs the connection to its end and disposes the scope.</summary>
    /// <param name="scopes">The root provider's scope factory.</param>
    /// <param name="create">Makes the connection's application from the scope's provider.</param>
    /// <param name="connection">The accepted connection.</param>
    /// <param name="server">The server's context.</param>
    public static async Task RunAsync(IServiceScopeFactory scopes, Func<IServiceProvider, IConnectionApplication> create, Connection connection, ServerContext server)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await create(scope.ServiceProvider).RunAsync(connection, server).ConfigureAwait(false);
        }
    }
}
