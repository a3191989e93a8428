using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests.Attacks;

/// <summary>Every kind of hostile peer the suite runs, by name.</summary>
internal static class AttackCatalog
{
    public static IReadOnlyList<HostileAttack> All { get; } =
        [.. LineAttacks.All, .. ConnectionAttacks.All, .. CrowdAttacks.All, .. DatagramAttacks.All];

    public static HostileAttack Find(string name) => All.Single(attack => attack.Name == name);
}
