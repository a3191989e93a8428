using Netwright.Testing;

namespace Netwright.HostileTests.Faults;

/// <summary>A fact that needs network namespaces: skipped, with the reason, where they cannot be made; never skipped under <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute() => Skip = NetworkNamespace.SkipReason;
}
