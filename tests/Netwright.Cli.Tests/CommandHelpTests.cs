using Netwright.Cli.Tests.Support;

namespace Netwright.Cli.Tests;

/// <summary>Every command's <c>--help</c> shows runnable examples.</summary>
public sealed class CommandHelpTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("connect")]
    [InlineData("info")]
    public async Task HelpOfEachCommandShowsExamples(string command)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Examples:", result.Out, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^\s+netwright {command} \S+", result.Out);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task RootHelpListsEveryCommandWithExamples()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Examples:", result.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "serve", "connect", "info" })
        {
            Assert.Matches($@"(?m)^\s+{command}\b", result.Out);
        }
    }

    [Fact]
    public async Task UnknownCommandIsAUsageErrorWithoutTheWholeHelp()
    {
        var result = await CliRunner.RunAsync("sever", "echo");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.All(result.ErrorLines, line => Assert.StartsWith("netwright: ", line, StringComparison.Ordinal));
        Assert.Contains("'sever'", result.Error, StringComparison.Ordinal);
    }
}
