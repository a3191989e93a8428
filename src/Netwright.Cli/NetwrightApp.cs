using System.CommandLine;
using Netwright.Cli.Commands;

namespace Netwright.Cli;

/// <summary>Builds the <c>netwright</c> command tree and runs it against a <see cref="CliConsole"/>.</summary>
internal static class NetwrightApp
{
    private static RootCommand CreateRootCommand(IEnumerable<Command> commands)
    {
        var root = new RootCommand(
            "Netwright: TCP, UDP and Unix-socket servers and clients.\n\n" +
            "Examples:\n" +
            "  netwright serve timestamp                 # TCP 127.0.0.1:21567\n" +
            "  netwright connect localhost:21567         # interactive client\n" +
            "  echo hi | netwright connect tcp://127.0.0.1:7\n" +
            "  netwright info service http");
        foreach (var command in commands)
        {
            root.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(CommandCatalog.ForArguments(args, console));
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // A usage error is one line each on stderr and exit code 2 (README), not the whole help on stdout.
            foreach (var error in parseResult.Errors)
            {
                console.Error.WriteLine($"netwright: {error.Message}");
            }

            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Signals are ours (see Signals): a graceful stop may take longer than a fixed kill timeout.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
