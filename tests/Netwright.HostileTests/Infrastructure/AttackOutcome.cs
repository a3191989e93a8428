using System.Globalization;

namespace Netwright.HostileTests.Infrastructure;

/// <summary>What one attack showed: every bound the server broke, and the figures measured meanwhile.</summary>
/// <param name="Failures">The bounds broken, in words; empty when the server kept them all.</param>
/// <param name="Slowest">The longest a well-behaved client waited for its answer during the attack.</param>
/// <param name="Exchanges">How many well-behaved exchanges ran during the attack.</param>
/// <param name="Growth">How far the server's RSS rose above its value just before the attack, in bytes.</param>
internal sealed record AttackOutcome(IReadOnlyList<string> Failures, TimeSpan Slowest, int Exchanges, long Growth)
{
    /// <summary>Gets the figures as one line for the test's output, so a run reports what it measured and not only pass or fail.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"slowest well-behaved exchange {Slowest.TotalMilliseconds:0} ms of {Exchanges}; RSS {Growth / 1048576.0:+0.0;-0.0} MiB");
}
