namespace Netwright.HostileTests.Infrastructure;

/// <summary>
/// The servers under attack, one child process per target, started on first use. The suite's cases run
/// grouped by target (<see cref="ByDisplayNameOrderer"/>), so asking for a new target stops the previous
/// one: one idle server at a time, and each target's memory measured on its own process.
/// </summary>
public sealed class ServerPool : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ServerProcess> _servers = [];

    internal async Task<ServerProcess> GetAsync(HostileTarget target)
    {
        await _gate.WaitAsync();
        try
        {
            var name = target.ToString();
            if (_servers.TryGetValue(name, out var running) && running.IsAlive)
            {
                return running;
            }

            foreach (var server in _servers.Values)
            {
                await server.DisposeAsync();
            }

            _servers.Clear();
            var started = await ServerProcess.StartAsync(target);
            _servers[name] = started;
            return started;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }

        _gate.Dispose();
    }
}
