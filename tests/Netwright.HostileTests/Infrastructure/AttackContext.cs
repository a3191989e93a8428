using System.Net;

namespace Netwright.HostileTests.Infrastructure;

/// <summary>What an attack gets: the target, the server's endpoints, a time limit, and the hold signal.</summary>
internal sealed class AttackContext
{
    /// <summary>How many well-behaved exchanges must succeed while an attack holds its peak.</summary>
    public const int ProbesPerHold = 3;

    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AttackContext(HostileTarget target, ServerProcess server, AttackTransport transport, CancellationToken cancellationToken)
    {
        Transport = transport;
        Target = target;
        Server = server;
        Token = cancellationToken;
    }

    public HostileTarget Target { get; }

    /// <summary>Gets the listener attacked: <see cref="ConnectAsync"/> connects there (TLS completes its handshake).</summary>
    public AttackTransport Transport { get; }

    public ServerProcess Server { get; }

    public ServiceBehaviour Behaviour => Target.Service.Behaviour;

    /// <summary>Gets the attack's time limit: every wait in an attack uses it.</summary>
    public CancellationToken Token { get; }

    /// <summary>Gets a random source seeded per target, so a failure can be replayed.</summary>
    public Random Random { get; } = new(42);

    /// <summary>Gets whether the attack has reached its peak.</summary>
    public Task Holding => _holding.Task;

    /// <summary>Connects a client to the attacked stream listener: plain TCP, or TLS with the handshake done.</summary>
    public Task<HostileClient> ConnectAsync() => Transport == AttackTransport.Tls
        ? HostileClient.ConnectTlsAsync(Server.Tls, Server.Fingerprint, Token)
        : HostileClient.ConnectAsync(Server.Tcp, Token);

    /// <summary>Gets the UDP listener.</summary>
    public IPEndPoint Udp => Server.Udp;

    /// <summary>
    /// Says the attack is at its peak and waits until the well-behaved client has been served
    /// <see cref="ProbesPerHold"/> times since (or has failed).
    /// </summary>
    public Task HoldAsync()
    {
        _holding.TrySetResult();
        return _released.Task.WaitAsync(Token);
    }

    /// <summary>Runs <paramref name="loop"/> on <paramref name="workers"/> tasks until the hold is over, then returns how many rounds ran.</summary>
    public async Task<int> LoopDuringHoldAsync(int workers, int minimumRounds, Func<Task> loop)
    {
        var rounds = 0;
        var minimumReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = false;
        var tasks = Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!Volatile.Read(ref stop))
            {
                await loop();
                if (Interlocked.Increment(ref rounds) >= minimumRounds)
                {
                    minimumReached.TrySetResult();
                }
            }
        }).ToList();
        var all = Task.WhenAll(tasks);
        try
        {
            await Task.WhenAny(minimumReached.Task, all).WaitAsync(Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"only {Volatile.Read(ref rounds)} of {minimumRounds} rounds ran in time");
        }

        var hold = HoldAsync();
        await Task.WhenAny(hold, all);
        Volatile.Write(ref stop, true);
        await all.WaitAsync(Token);
        await hold;
        return rounds;
    }

    internal void Release() => _released.TrySetResult();

    internal void Abandon(Exception error) => _released.TrySetException(error);
}
