namespace Netwright.HostileTests.Infrastructure;

/// <summary>
/// One kind of hostile peer: what it does (<see cref="RunAsync"/>, which checks the treatment the attacker
/// gets and calls <see cref="AttackContext.HoldAsync"/> at its peak), and the bounds the server must keep
/// meanwhile: a well-behaved client answered within <see cref="ServiceBound"/> and resident memory at most
/// <see cref="MemoryBound"/> above what it was before the attack.
/// </summary>
/// <param name="Name">A short name, used in test names and docs/security.md.</param>
/// <param name="Treatment">The treatment the attacker gets, in words, for docs/security.md.</param>
/// <param name="Transport">The listener attacked.</param>
/// <param name="RunAsync">The attack.</param>
internal sealed record HostileAttack(string Name, string Treatment, AttackTransport Transport, Func<AttackContext, Task> RunAsync)
{
    /// <summary>The usual bound on memory growth during an attack.</summary>
    public const long DefaultMemoryBound = 32L << 20;

    /// <summary>Gets the most the server's RSS may grow during the attack.</summary>
    public long MemoryBound { get; init; } = DefaultMemoryBound;

    /// <summary>Gets the longest a well-behaved client may wait for its answer during the attack.</summary>
    public TimeSpan ServiceBound { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the most log lines the attack may cause (logs from peers are rate-limited).</summary>
    public int LogLineBound { get; init; } = 20;

    public override string ToString() => Name;
}
