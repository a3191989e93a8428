namespace Netwright.HostileTests.Infrastructure;

/// <summary>
/// The servers under attack, one child process per target. The first request starts every target's server at
/// once (a few at a time): a start costs seconds of JIT and a self-signed certificate on a loaded machine, and
/// twelve of them one after another took a fifth of the suite's time. The first request waits until all have
/// started, so no start competes with an attack for the processor. Each target's memory is still measured on its
/// own process; a server found dead is started again.
/// </summary>
public sealed class ServerPool : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>How many servers start at the same time.</summary>
    private const int ConcurrentStarts = 4;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _startThrottle = new(ConcurrentStarts);
    private readonly Dictionary<string, Task<ServerProcess>> _servers = [];

    internal async Task<ServerProcess> GetAsync(HostileTarget target)
    {
        Task<ServerProcess> starting;
        await _gate.WaitAsync();
        try
        {
            if (_servers.Count == 0)
            {
                foreach (var each in HostileTarget.All)
                {
                    _servers[each.ToString()] = StartThrottledAsync(each);
                }

                // A server that failed to start fails its own target's tests with the reason; the others go on.
                await Task.WhenAll(_servers.Values).ContinueWith(static _ => { }, TaskScheduler.Default);
            }

            var name = target.ToString();
            if (_servers[name].IsCompletedSuccessfully && await _servers[name] is { IsAlive: false } dead)
            {
                await dead.DisposeAsync();
                _servers[name] = StartThrottledAsync(target);
            }

            starting = _servers[name];
        }
        finally
        {
            _gate.Release();
        }

        return await starting;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // xUnit 2 ends collection fixtures through IAsyncLifetime only: without it all twelve servers outlived the run.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            try
            {
                await (await server).DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // It never started; its own test reported why.
            }
        }

        _gate.Dispose();
        _startThrottle.Dispose();
    }

    private async Task<ServerProcess> StartThrottledAsync(HostileTarget target)
    {
        await _startThrottle.WaitAsync();
        try
        {
            var server = await ServerProcess.StartAsync(target);
            try
            {
                await AttackRunner.WarmUpAsync(target, server);
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _startThrottle.Release();
        }
    }
}
