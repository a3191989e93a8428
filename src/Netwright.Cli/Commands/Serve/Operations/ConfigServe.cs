using Microsoft.Extensions.Logging;
using Netwright.Cli.Output;
using Netwright.Hosting.Internal;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary><c>netwright serve --config FILE</c>: every listener of the file in one process, through the host's own checker and composer.</summary>
internal static class ConfigServe
{
    public static async Task<int> RunAsync(CliConsole console, ServeOperations operations, CancellationToken cancellationToken)
    {
        Hosting.NetwrightOptions options;
        string section;
        try
        {
            (options, section) = ConfigFile.Read(operations.ConfigPath!);
        }
        catch (InvalidDataException ex)
        {
            console.Error.WriteLine($"netwright: {ex.Message}");
            return ExitCodes.Usage;
        }

        var errors = OptionsChecker.Check(options, new NamedApplications(), section);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                console.Error.WriteLine($"netwright: {operations.ConfigPath}: {error}");
            }

            return ExitCodes.Usage;
        }

        using var logging = new ConsoleLoggerProvider(console.Error, LogLevel.Information, operations.LogFormat);
        using var loggerFactory = logging.CreateFactory(LogLevel.Information);
        using var stats = operations.Stats ? new ServeStats() : null;
        ComposedServer composed;
        try
        {
            composed = ServerComposer.Compose(options, new NamedApplications(), services: null, loggerFactory, stats?.Metrics, stats is null ? null : stats.Attach);
        }
        catch (Exception ex) when (CliErrors.IsUserFacing(ex) || ex is InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            console.Error.WriteLine($"netwright: {operations.ConfigPath}: {ex.Message}");
            return ExitCodes.Usage;
        }

        await using (composed.ConfigureAwait(false))
        {
            var services = string.Join(", ", options.Listeners.Select(l => l.Service ?? l.Handler).Distinct(StringComparer.OrdinalIgnoreCase));
            return await ServeRun.RunAsync(
                console,
                logging,
                operations,
                composed.Server,
                stats,
                services,
                () => $"{services} waiting for connection... on {string.Join(", ", composed.Server.EndPoints)}",
                cancellationToken).ConfigureAwait(false);
        }
    }
}
