using Netwright.Cli.Commands;
using Netwright.Cli.Tests.Support;

namespace Netwright.Cli.Tests;

/// <summary>The command tree is built lazily for start-up: a command line builds the command it names, and the names agree.</summary>
public sealed class CommandCatalogTests
{
    private static readonly CliConsole s_console = new(TextWriter.Null, TextWriter.Null, Stream.Null, InputIsTerminal: false);

    [Fact]
    public void ACommandLineNamingACommandBuildsThatCommandAlone()
    {
        foreach (var command in CommandCatalog.Create(s_console))
        {
            var built = Assert.Single(CommandCatalog.ForArguments([command.Name, "--help"], s_console));
            Assert.Equal(command.Name, built.Name);
        }
    }

    [Fact]
    public void VersionAloneBuildsNoCommandAndAnythingElseBuildsThemAll()
    {
        Assert.Empty(CommandCatalog.ForArguments(["--version"], s_console));
        var all = CommandCatalog.Create(s_console).Select(c => c.Name).ToList();
        Assert.Equal(all, CommandCatalog.ForArguments(["--help"], s_console).Select(c => c.Name));
        Assert.Equal(all, CommandCatalog.ForArguments(["sever", "echo"], s_console).Select(c => c.Name));
        Assert.Equal(all, CommandCatalog.ForArguments([], s_console).Select(c => c.Name));
    }

    [Fact]
    public async Task VersionAloneStillPrintsTheVersion()
    {
        var result = await CliRunner.RunAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out);
    }
}
