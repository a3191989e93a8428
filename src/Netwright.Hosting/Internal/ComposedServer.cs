using Netwright.Servers;

namespace Netwright.Hosting.Internal;

/// <summary>A composed <see cref="NetServer"/> and the services it hosts that need disposing with it (a chat server's timers).</summary>
internal sealed class ComposedServer(NetServer server) : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];

    public NetServer Server { get; } = server;

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
