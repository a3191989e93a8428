using System.CommandLine;
using Netwright.Cli.Commands.Bench;
using Netwright.Cli.Commands.Chat;
using Netwright.Cli.Commands.Connect;
using Netwright.Cli.Commands.Files;
using Netwright.Cli.Commands.Info;
using Netwright.Cli.Commands.Serve;

namespace Netwright.Cli.Commands;

/// <summary>The top-level commands, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return ServeCommand.Create(console);
        yield return ConnectCommand.Create(console);
        yield return SendCommand.Create(console);
        yield return GetCommand.Create(console);
        yield return LsCommand.Create(console);
        yield return InfoCommand.Create(console);
        yield return ChatCommand.Create(console);
        yield return BenchCommand.Create(console);
    }
}
