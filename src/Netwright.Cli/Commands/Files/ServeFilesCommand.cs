using System.CommandLine;
using Microsoft.Extensions.Logging;
using Netwright.Cli.Commands.Serve;
using Netwright.Cli.Output;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Files;

/// <summary><c>netwright serve files --root DIR</c>: the file server, on TCP and Unix listeners.</summary>
internal static class ServeFilesCommand
{
    public static Command Create(CliConsole console)
    {
        var root = new Option<string>("--root") { Description = "The folder to serve (required); names never leave it", Required = true };
        var tcp = Listener("--tcp", "Listen on TCP at [HOST:]PORT (repeatable; default 127.0.0.1:9021)");
        var unix = Listener("--unix", "Listen on a Unix stream socket at PATH (repeatable)");
        var token = new Option<string?>("--token") { Description = "Shared secret clients must present (default: $NETWRIGHT_TOKEN; none if unset)" };
        var maxSize = new Option<long?>("--max-size") { Description = "Largest file accepted, in bytes" };
        var overwrite = new Option<bool>("--allow-overwrite") { Description = "Let uploads replace existing files" };
        var delete = new Option<bool>("--allow-delete") { Description = "Let clients delete files" };
        var readOnly = new Option<bool>("--read-only") { Description = "Refuse uploads and deletes" };
        var style = new Option<ServiceStyle>("--style") { Description = "Programming style: handler or event; same behaviour", DefaultValueFactory = _ => ServiceStyle.Handler };
        var stall = new Option<double>("--stall-timeout") { Description = "Seconds a silent client is waited for", DefaultValueFactory = _ => 30 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Log only problems" };
        var tls = new ServeTlsOptions();
        var engine = new ServeEngineOptions();
        var command = new Command("files", "Serve a folder for `netwright send`, `get` and `ls`: resumable, verified, never outside --root.\n\n" +
            "Examples:\n" +
            "  netwright serve files --root ./shared\n" +
            "  netwright serve files --root /srv/drop --tcp 0.0.0.0:9021 --token s3cret --max-size 10000000000\n" +
            "  netwright serve files --root ./pub --unix /tmp/files.sock --read-only\n" +
            "  netwright serve files --root ./shared --tls 9022 --tls-self-signed   # clients: send/get/ls tls://HOST:9022 --pin ...")
        {
            root, tcp, unix, token, maxSize, overwrite, delete, readOnly, style, stall, quiet,
        };
        foreach (var option in engine.All)
        {
            command.Add(option);
        }

        tls.AddTo(command);
        command.Validators.Add(tls.Validate);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            FileServerOptions options;
            // Bulk transfers: bigger receive reads and 1 MiB in flight per connection keep the pipe from pausing the socket
            // between chunks (the kernel's socket buffers hold more); a fixed bound per connection whatever the file size.
            // It was 4 MiB each way: pooled blocks stay resident once used, and the socket's own kernel buffers already
            // keep several MiB in flight, so the bigger pipes cost memory (the 64 MiB target) more than they bought.
            var serverOptions = new NetServerOptions
            {
                Transport = { MaxReadBufferSize = 1024 * 1024, MaxWriteBufferSize = 1024 * 1024, MinimumReceiveBufferSize = 64 * 1024 },
            };
            ServeTlsSettings? tlsSettings;
            var endPoints = new List<NetEndPoint>();
            try
            {
                options = new FileServerOptions
                {
                    Root = parseResult.GetValue(root)!,
                    Token = parseResult.GetValue(token) ?? Environment.GetEnvironmentVariable("NETWRIGHT_TOKEN"),
                    MaxFileSize = parseResult.GetValue(maxSize) is { } max and >= 0 ? max : parseResult.GetValue(maxSize) is null ? long.MaxValue : throw new ArgumentException("--max-size cannot be negative"),
                    AllowOverwrite = parseResult.GetValue(overwrite),
                    AllowDelete = parseResult.GetValue(delete),
                    ReadOnly = parseResult.GetValue(readOnly),
                    StallTimeout = parseResult.GetValue(stall) > 0 ? TimeSpan.FromSeconds(parseResult.GetValue(stall)) : throw new ArgumentException("--stall-timeout must be more than 0 seconds"),
                };
                endPoints.AddRange(parseResult.GetValue(tcp)!.Select(text => NetEndPoint.ParseListen(text, TransportKind.Tcp)));
                endPoints.AddRange(parseResult.GetValue(unix)!.Select(text => NetEndPoint.ParseListen(text, TransportKind.Unix)));
                tlsSettings = tls.Read(parseResult);
                engine.Apply(parseResult, serverOptions.Transport);
                if (endPoints.Count == 0 && tlsSettings is null)
                {
                    endPoints.Add(NetEndPoint.Tcp("127.0.0.1", FileService.DefaultPort));
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or Errors.UnknownServiceException)
            {
                console.Error.WriteLine($"netwright: {ex.Message}");
                return ExitCodes.Usage;
            }

            return await RunAsync(console, serverOptions, options, endPoints, tlsSettings, parseResult.GetValue(style), parseResult.GetValue(quiet), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, NetServerOptions serverOptions, FileServerOptions options, List<NetEndPoint> endPoints, ServeTlsSettings? tls, ServiceStyle style, bool quiet, CancellationToken cancellationToken)
    {
        using var logging = new ConsoleLoggerProvider(console.Error, quiet ? LogLevel.Warning : LogLevel.Information);
        using var loggerFactory = logging.CreateFactory(LogLevel.Trace);
        await using var server = new NetServer(serverOptions, loggerFactory);
        try
        {
            var application = FileService.CreateStreamApplication(options, style, loggerFactory);
            foreach (var endpoint in endPoints)
            {
                server.Listen(endpoint, application);
            }

            if (tls is not null)
            {
                var tlsOptions = tls.CreateServerOptions(logging.WriteLine);
                foreach (var endpoint in tls.Endpoints)
                {
                    server.Listen(endpoint, application, tlsOptions);
                }
            }

            await server.StartAsync(cancellationToken);
        }
        catch (DirectoryNotFoundException ex)
        {
            console.Error.WriteLine($"netwright: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (CliErrors.IsUserFacing(ex))
        {
            console.Error.WriteLine($"netwright: cannot serve files: {ex.Message}");
            return ex is ArgumentException or FormatException ? ExitCodes.Usage : ExitCodes.BindFailed;
        }

        logging.WriteLine($"files ({style.ToString().ToLowerInvariant()} style, {serverOptions.Transport.Engine.ToString().ToLowerInvariant()} engine) serving {Path.GetFullPath(options.Root)} on {ServeCommand.DescribeEndPoints(server, endPoints.Count)}{(options.Token is null ? "" : " (token required)")}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: the normal way to stop. Uploads cut short keep their hidden partial files for a resume.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await server.StopAsync(grace.Token);
        logging.WriteLine("stopped");
        return ExitCodes.Success;
    }

    private static Option<string[]> Listener(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };
}
