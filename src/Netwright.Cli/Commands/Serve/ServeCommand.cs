using System.CommandLine;
using System.Text;
using Microsoft.Extensions.Logging;
using Netwright.Chat.Redis;
using Netwright.Cli.Commands.Serve.Operations;
using Netwright.Cli.Output;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Services.Chat;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve;

/// <summary><c>netwright serve SERVICE</c>: hosts a ready service on any mix of TCP, UDP and Unix listeners.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("serve", "Run a ready service: " + DescribeServices() + ".\n\n" +
            "Listeners bind 127.0.0.1 unless a host is given. With no listener option the service listens on TCP at its default port\n" +
            "(timestamp 21567, greet 8088, echo 7007). Ctrl+C stops gracefully.\n\n" +
            "Examples:\n" +
            "  netwright serve timestamp\n" +
            "  netwright serve timestamp --tcp 0.0.0.0:21567 --udp 21567 --unix /tmp/ts.sock\n" +
            "  netwright serve echo --tcp 9000 --style event --max-connections 1000 --idle-timeout 30\n" +
            "  netwright serve greet --tcp [::1]:8088\n" +
            "  netwright serve echo --tcp 0.0.0.0:7007 --reuse-port   # a second process may share the port\n" +
            "  netwright serve timestamp --tls 21568 --tls-self-signed --tls-save ~/.netwright-tls\n" +
            "  netwright serve echo --tls 0.0.0.0:7443 --tls-cert fullchain.pem --tls-key privkey.pem\n" +
            "  netwright serve chat                      # plain and IRC clients on 127.0.0.1:6667\n" +
            "  netwright serve --config netwright.json   # several services and listeners (docs/operations.md)\n" +
            "  netwright serve echo --stats --log-format json --metrics-prometheus 9464\n" +
            "  netwright serve chat --tcp 0.0.0.0:6667 --redis 10.0.0.5:6379   # one node of a chat cluster");
        var options = new ServeOptions();
        options.AddTo(command);
        command.Add(Files.ServeFilesCommand.Create(console));
        command.SetAction((parseResult, cancellationToken) =>
        {
            var operations = options.Operations.Read(parseResult);
            if (operations.ConfigPath is not null)
            {
                return ConfigServe.RunAsync(console, operations, cancellationToken);
            }

            ServeSettings settings;
            try
            {
                settings = options.Read(parseResult);
            }
            catch (ArgumentException ex)
            {
                console.Error.WriteLine($"netwright: {ex.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            return RunAsync(console, settings, operations, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, ServeSettings settings, ServeOperations operations, CancellationToken cancellationToken)
    {
        using var logging = new ConsoleLoggerProvider(console.Error, settings.Verbose ? LogLevel.Debug : LogLevel.Information, operations.LogFormat);
        using var loggerFactory = logging.CreateFactory(LogLevel.Trace);
        var serverOptions = new NetServerOptions
        {
            MaxConnections = settings.MaxConnections,
            IdleTimeout = settings.IdleTimeout,
            ShutdownTimeout = settings.ShutdownTimeout,
            MaxLineLength = settings.MaxLineLength,
            Transport = { Engine = settings.Engine },
        };
        if (settings.Reactors is { } reactors)
        {
            serverOptions.Transport.Reactors = reactors;
        }

        settings.ApplyLimits?.Invoke(serverOptions);
        if (!settings.Quiet)
        {
            // The tutorials' servers (tsTserv.py) print one line per client; so do we (to stderr: stdout is for data).
            serverOptions.ConnectionOpened = connection => logging.WriteLine($"...connected from: {NetEndPoint.Format(connection.RemoteEndPoint)}");
        }

        // Disposed after the server and the chat (declared before them), so leaving clients still reach the cluster.
        await using var backplane = settings.ChatRedis is { } redis ? new RedisChatBackplane(redis, loggerFactory) : null;
        if (settings.Chat is { } clustered)
        {
            clustered.Backplane = backplane;
        }

        using var stats = operations.Stats ? new ServeStats() : null;
        stats?.Attach(serverOptions);
        await using var server = new NetServer(serverOptions, loggerFactory, stats?.Metrics);
        using var chat = settings.Chat is { } chatOptions ? new ChatServer(chatOptions, loggerFactory) : null;
        foreach (var endpoint in settings.Endpoints)
        {
            if (chat is not null)
            {
                server.Listen(endpoint, chat);
            }
            else if (endpoint.IsStream)
            {
                server.Listen(endpoint, settings.Service!.CreateStreamApplication(settings.Style));
            }
            else
            {
                server.Listen(endpoint, settings.Service!.CreateDatagramApplication(settings.Style));
            }
        }

        try
        {
            if (settings.Tls is { } tls)
            {
                var tlsOptions = tls.CreateServerOptions(logging.WriteLine);
                foreach (var endpoint in tls.Endpoints)
                {
                    server.Listen(endpoint, chat ?? settings.Service!.CreateStreamApplication(settings.Style), tlsOptions);
                }
            }
        }
        catch (ArgumentException ex)
        {
            console.Error.WriteLine($"netwright: cannot serve {settings.ServiceName}: {ex.Message}");
            return ExitCodes.Usage;
        }

        return await ServeRun.RunAsync(
            console,
            logging,
            operations,
            server,
            stats,
            settings.ServiceName,
            () => $"{settings.ServiceName} ({(chat is null ? settings.Style : ServiceStyle.Event).ToString().ToLowerInvariant()} style) waiting for connection... on {DescribeEndPoints(server, settings.Endpoints.Count)}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The services, <c>name (description)</c>, comma-separated; a loop rather than LINQ, as in <see cref="DescribeEndPoints"/>.</summary>
    private static string DescribeServices()
    {
        var text = new StringBuilder();
        foreach (var service in ServiceCatalog.All)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(service.Name).Append(" (").Append(service.Description).Append(')');
        }

        return text.ToString();
    }

    /// <summary>The bound endpoints, comma-separated, TLS ones written <c>tls://</c>: they are the last ones added.</summary>
    /// <remarks>A loop rather than LINQ: it is part of the ready line, and start-up is measured until that line (bench/startup).</remarks>
    internal static string DescribeEndPoints(NetServer server, int plain)
    {
        var endPoints = server.EndPoints;
        var text = new StringBuilder();
        for (var i = 0; i < endPoints.Count; i++)
        {
            var endPoint = endPoints[i].ToString();
            text.Append(i == 0 ? "" : ", ").Append(i < plain ? endPoint : "tls://" + endPoint["tcp://".Length..]);
        }

        return text.ToString();
    }
}
