using Netwright.HostileTests.Attacks;
using Netwright.HostileTests.Infrastructure;
using Xunit.Abstractions;

namespace Netwright.HostileTests;

/// <summary>
/// Every kind of hostile peer against every service, in both styles, on both engines: each attack runs
/// against a <c>netwright serve</c> child process while a well-behaved client keeps talking to it.
/// </summary>
[Collection(HostileServers.Name)]
[TestCaseOrderer(ByDisplayNameOrderer.TypeName, ByDisplayNameOrderer.AssemblyName)]
public sealed class HostileSuiteTests(ServerPool pool, ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var target in HostileTarget.All)
        {
            foreach (var attack in AttackCatalog.All)
            {
                cases.Add(target.ToString(), attack.Name);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ServerStaysHealthyUnderAttack(string target, string attack)
    {
        var victim = HostileTarget.Parse(target);
        var server = await pool.GetAsync(victim);
        await AttackRunner.RunAndCheckAsync(AttackCatalog.Find(attack), victim, server, output);
    }
}
