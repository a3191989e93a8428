using System.CommandLine;
using Netwright.Cli.Commands.Bench;

namespace Netwright.Cli.Commands;

/// <summary>The top-level commands, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return BenchCommand.Create(console);
    }
}
