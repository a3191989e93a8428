using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests.Attacks;

/// <summary>Every kind of hostile peer the suite runs, by name.</summary>
internal static class AttackCatalog
{
    /// <summary>Gets the attacks on the plain TCP and the UDP listeners.</summary>
    public static IReadOnlyList<HostileAttack> Plain { get; } =
        [.. LineAttacks.All, .. ConnectionAttacks.All, .. CrowdAttacks.All, .. DatagramAttacks.All];

    /// <summary>Gets every attack: the plain ones, the TLS cases, and some line attacks repeated over TLS.</summary>
    public static IReadOnlyList<HostileAttack> All { get; } = [.. Plain, .. TlsAttacks.All, .. TlsAttacks.LineAttacksOverTls];

    public static HostileAttack Find(string name) => All.Single(attack => attack.Name == name);
}
