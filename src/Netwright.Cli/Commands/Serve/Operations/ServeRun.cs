using Netwright.Cli.Output;
using Netwright.Servers;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>
/// The life of a composed server, the same for the command line and <c>--config</c>: metrics exporter, start (bind
/// errors become exit codes), systemd readiness, statistics, then on Ctrl+C or SIGTERM a graceful stop.
/// </summary>
internal static class ServeRun
{
    public static async Task<int> RunAsync(
        CliConsole console,
        ConsoleLoggerProvider logging,
        ServeOperations operations,
        NetServer server,
        ServeStats? stats,
        string name,
        Func<string> waitingLine,
        CancellationToken cancellationToken)
    {
        IDisposable? exporter = null;
        try
        {
            if (operations.Prometheus is { } prometheus)
            {
                exporter = StartExporter(prometheus.Host!, prometheus.Port);
                logging.WriteLine($"metrics for Prometheus at http://{prometheus}/metrics".Replace("tcp://", "", StringComparison.Ordinal));
            }

            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliErrors.IsUserFacing(ex) || ex is System.Net.HttpListenerException)
        {
            exporter?.Dispose();
            console.Error.WriteLine($"netwright: cannot serve {name}: {ex.Message}");
            return ex is ArgumentException or FormatException ? ExitCodes.Usage : ExitCodes.BindFailed;
        }

        using var exporterScope = exporter;
        var notifier = SystemdNotifier.FromEnvironment();
        var waiting = waitingLine();
        logging.WriteLine(waiting);
        if (notifier.Notify("READY=1", $"STATUS={waiting}") is { } notifyError)
        {
            logging.WriteLine($"netwright: {notifyError}");
        }

        using var stopStats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var statsLoop = stats?.RunAsync(logging, console.ErrorIsTerminal, TimeSpan.FromSeconds(1), stopStats.Token) ?? Task.CompletedTask;
        // Runs until Ctrl+C or SIGTERM, the normal way to stop, giving memory back whenever the server goes quiet.
        await IdleMemoryTrimmer.RunAsync(cancellationToken).ConfigureAwait(false);

        await stopStats.CancelAsync().ConfigureAwait(false);
        await statsLoop.ConfigureAwait(false);
        notifier.Notify("STOPPING=1");
        var grace = server.Options.ShutdownTimeout;
        logging.WriteLine($"stopping: waiting up to {grace.TotalSeconds:0.#} s for {server.ConnectionCount} open connection(s)");
        using var graceToken = new CancellationTokenSource(grace);
        await server.StopAsync(graceToken.Token).ConfigureAwait(false);
        logging.WriteLine("stopped");
        return ExitCodes.Success;
    }

    /// <summary>In its own method so that OpenTelemetry's assemblies load only when the option is given.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IDisposable StartExporter(string host, int port) => PrometheusExporter.Start(host, port);
}
