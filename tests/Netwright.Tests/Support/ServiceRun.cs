using Netwright.Applications;
using Netwright.Servers;
using Netwright.Testing;

namespace Netwright.Tests.Support;

/// <summary>Runs an application on an in-memory connection as a server would: run it, then dispose the connection.</summary>
internal static class ServiceRun
{
    /// <summary>Starts the application; the task gives the exception it ended with (the server would log it), or null.</summary>
    public static Task<Exception?> Start(IConnectionApplication application, InMemoryConnection connection, ServerContext context) => Task.Run(async () =>
    {
        try
        {
            await application.RunAsync(connection, context);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            await connection.DisposeAsync();
        }
    });
}
