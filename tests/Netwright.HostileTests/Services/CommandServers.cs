using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests.Services;

/// <summary>
/// The chat and files servers under attack, one child process per target, started on first use; asking for another
/// target stops the previous one, so one idle server runs at a time and each is measured on its own process.
/// Files servers serve a fresh temporary folder, removed at the end.
/// </summary>
public sealed class CommandServers : IAsyncLifetime, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _root = Directory.CreateTempSubdirectory("netwright-hostile-files-").FullName;
    private (string Name, ServerProcess Process)? _running;

    /// <summary>Gets the folder files servers serve.</summary>
    public string FilesRoot => _root;

    internal async Task<ServerProcess> GetAsync(HostileTarget target, IReadOnlyList<string> args)
    {
        await _gate.WaitAsync();
        try
        {
            var name = target.ToString();
            if (_running is { } running && running.Name == name && running.Process.IsAlive)
            {
                return running.Process;
            }

            if (_running is { } previous)
            {
                await previous.Process.DisposeAsync();
                _running = null;
            }

            var started = await ServerProcess.StartCommandAsync(args);
            _running = (name, started);
            await AttackRunner.WarmUpAsync(target, started);
            return started;
        }
        finally
        {
            _gate.Release();
        }
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // xUnit 2 ends class fixtures through IAsyncLifetime; without it the last server process outlived the run.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_running is { } running)
        {
            _running = null;
            await running.Process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying server: the temporary folder is left for the system to clean.
        }
    }
}
