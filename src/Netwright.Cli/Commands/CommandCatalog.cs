using System.CommandLine;
using Netwright.Cli.Commands.Bench;
using Netwright.Cli.Commands.Chat;
using Netwright.Cli.Commands.Connect;
using Netwright.Cli.Commands.Files;
using Netwright.Cli.Commands.Info;
using Netwright.Cli.Commands.Serve;

namespace Netwright.Cli.Commands;

/// <summary>The top-level commands, in the order <c>--help</c> lists them, each made only when asked for.</summary>
/// <remarks>
/// Building a command builds all its options, and that is most of what start-up costs before a command runs, so a run of
/// one command (<c>netwright serve ...</c>) builds that command alone (<see cref="ForArguments"/>); bench/startup measures it.
/// </remarks>
internal static class CommandCatalog
{
    private static readonly (string Name, Func<CliConsole, Command> Create)[] s_commands =
    [
        ("serve", ServeCommand.Create),
        ("connect", ConnectCommand.Create),
        ("send", SendCommand.Create),
        ("get", GetCommand.Create),
        ("ls", LsCommand.Create),
        ("info", InfoCommand.Create),
        ("chat", ChatCommand.Create),
        ("bench", BenchCommand.Create),
    ];

    /// <summary>Every command, for help and for suggestions when the first argument names none.</summary>
    public static IEnumerable<Command> Create(CliConsole console) => s_commands.Select(c => c.Create(console));

    /// <summary>
    /// The commands a command line needs: the one its first argument names, none for <c>--version</c> alone (the root
    /// answers it), and every command otherwise (help, a typo the parser suggests a command for).
    /// </summary>
    public static IEnumerable<Command> ForArguments(string[] args, CliConsole console)
    {
        if (args is ["--version"])
        {
            return [];
        }

        foreach (var (name, create) in s_commands)
        {
            if (args.Length > 0 && string.Equals(args[0], name, StringComparison.Ordinal))
            {
                return [create(console)];
            }
        }

        return Create(console);
    }
}
