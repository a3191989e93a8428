using Netwright.Transport.Epoll;

namespace Netwright.Transport;

/// <summary>
/// The threads of the epoll engine (<see cref="TransportEngine.Epoll"/>): one reactor per thread, each running its
/// own <c>epoll_wait</c> loop. Connections and datagram endpoints are handed to the reactors in turn, so all of a
/// machine's cores can serve.
/// </summary>
/// <remarks>
/// <para>A <see cref="Servers.NetServer"/> (and a <see cref="StreamListener"/> bound on its own) creates a group of
/// <see cref="SocketTransportOptions.Reactors"/> reactors when it starts and disposes it when it has stopped,
/// so servers never share threads by accident. To share one group between servers, create it, set
/// <see cref="SocketTransportOptions.ReactorGroup"/>, and dispose it yourself after every server using it has
/// stopped: a disposed group serves nothing, and connections still registered with it would never be woken.</para>
/// <para>Assignment is round-robin (<c>accept</c> runs on one reactor, each accepted connection goes to the next
/// reactor in turn), so the number of connections per reactor differs by at most one; docs/architecture.md
/// says why this and not <c>SO_REUSEPORT</c>.</para>
/// </remarks>
public sealed class ReactorGroup : IAsyncDisposable
{
    private readonly EpollReactor[] _reactors;
    private readonly Lock _gate = new();
    private Task? _disposed;
    private int _next = -1;

    /// <summary>Creates and starts <paramref name="count"/> reactors, each on its own thread.</summary>
    /// <param name="count">How many reactors; usually the number of cores (<see cref="Environment.ProcessorCount"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 or more than <see cref="MaxReactors"/>.</exception>
    /// <exception cref="PlatformNotSupportedException">This is not Linux.</exception>
    public ReactorGroup(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxReactors);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll transport engine runs only on Linux; use TransportEngine.Sockets");
        }

        _reactors = new EpollReactor[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                _reactors[i] = new EpollReactor(i);
            }
        }
        catch
        {
            foreach (var reactor in _reactors.Where(r => r is not null))
            {
                reactor.RequestStop();
            }

            throw;
        }
    }

    /// <summary>The most reactors a group may have.</summary>
    public const int MaxReactors = 1024;

    /// <summary>Gets how many reactors (threads) the group runs.</summary>
    public int Count => _reactors.Length;

    /// <summary>Stops every reactor and waits until their threads have ended. Idempotent.</summary>
    /// <returns>A task that completes when the threads are joined.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed ??= StopAsync();
            return new ValueTask(_disposed);
        }
    }

    /// <summary>Gets the reactor for the next connection or endpoint, in turn.</summary>
    internal EpollReactor Next()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) is not null, this);
        var turn = (uint)Interlocked.Increment(ref _next);
        return _reactors[turn % (uint)_reactors.Length];
    }

    /// <summary>Gets reactor <paramref name="index"/> (for tests).</summary>
    internal EpollReactor this[int index] => _reactors[index];

    private async Task StopAsync()
    {
        // The last connection of a group may close on one of its own reactor threads; a thread cannot wait for its own end.
        if (_reactors.Any(r => r.IsReactorThread))
        {
            await Task.Yield();
        }

        foreach (var reactor in _reactors)
        {
            reactor.RequestStop();
        }

        await Task.WhenAll(_reactors.Select(r => r.Exited)).ConfigureAwait(false);
        foreach (var reactor in _reactors)
        {
            // The loop has ended (Exited is set as its last act), so this returns at once.
            reactor.Thread.Join();
        }
    }
}
