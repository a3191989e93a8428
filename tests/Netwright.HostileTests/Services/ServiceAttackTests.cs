using Netwright.HostileTests.Infrastructure;
using Xunit.Abstractions;

namespace Netwright.HostileTests.Services;

/// <summary>
/// The services with their own command lines, chat (<c>serve chat</c>) and files (<c>serve files --root DIR</c>),
/// under their kinds of hostile peers, each against a child process while a well-behaved client keeps talking to it:
/// chat on both engines (it has one style), files in both styles on both engines.
/// </summary>
[Collection(HostileServers.Name)]
[TestCaseOrderer(ByDisplayNameOrderer.TypeName, ByDisplayNameOrderer.AssemblyName)]
public sealed class ServiceAttackTests(CommandServers servers, ITestOutputHelper output) : IClassFixture<CommandServers>
{
    public static TheoryData<string, string> ChatCases() => Cases(HostileTarget.Engines.Select(engine => new HostileTarget(ChatAttacks.Profile, "event", engine)), ChatAttacks.All);

    public static TheoryData<string, string> FileCases() => Cases(
        from style in HostileTarget.Styles from engine in HostileTarget.Engines select new HostileTarget(FileAttacks.Profile, style, engine),
        FileAttacks.All);

    [Theory]
    [MemberData(nameof(ChatCases))]
    public async Task ChatStaysHealthyUnderAttack(string target, string attack)
    {
        var victim = Target(ChatAttacks.Profile, target);
        var server = await servers.GetAsync(victim,
        [
            "serve", "chat", "--engine", victim.Engine, "--tcp", "127.0.0.1:0", "--quiet",
            "--max-connections-per-address", "0", "--message-timeout", ChatAttacks.LineTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        await RunAsync(ChatAttacks.All.Single(a => a.Name == attack), victim, server);
    }

    [Theory]
    [MemberData(nameof(FileCases))]
    public async Task FilesStaysHealthyUnderAttack(string target, string attack)
    {
        var victim = Target(FileAttacks.Profile, target);
        FileAttacks.Root = servers.FilesRoot;
        var server = await servers.GetAsync(victim, ["serve", "files", "--root", servers.FilesRoot, "--style", victim.Style, "--engine", victim.Engine, "--tcp", "127.0.0.1:0", "--quiet"]);
        await RunAsync(FileAttacks.All.Single(a => a.Name == attack), victim, server);
    }

    private Task RunAsync(HostileAttack attack, HostileTarget victim, ServerProcess server) =>
        AttackRunner.RunAndCheckAsync(attack, victim, server, output);

    private static TheoryData<string, string> Cases(IEnumerable<HostileTarget> targets, IEnumerable<HostileAttack> attacks)
    {
        var cases = new TheoryData<string, string>();
        foreach (var target in targets)
        {
            foreach (var attack in attacks)
            {
                cases.Add(target.ToString(), attack.Name);
            }
        }

        return cases;
    }

    /// <summary>The target named <c>SERVICE/STYLE/ENGINE</c>.</summary>
    private static HostileTarget Target(ServiceProfile profile, string name)
    {
        var parts = name.Split('/');
        return new HostileTarget(profile, parts[1], parts[2]);
    }
}
