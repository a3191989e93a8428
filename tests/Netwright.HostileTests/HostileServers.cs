using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests;

/// <summary>The tests that attack server processes: one at a time, so no attack slows another's well-behaved client.</summary>
[CollectionDefinition(Name)]
public sealed class HostileServers : ICollectionFixture<ServerPool>
{
    public const string Name = "hostile servers";
}
