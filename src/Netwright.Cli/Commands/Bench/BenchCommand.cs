using System.CommandLine;
using System.Globalization;
using System.Net;
using Netwright.Errors;
using Netwright.LoadGen;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Bench;

/// <summary>
/// <c>netwright bench ENDPOINT</c>: a load generator for any echo server, and the project's benchmark driver.
/// </summary>
/// <remarks>
/// Start here for the bench command. <see cref="BenchOptionSet"/> turns the options into
/// <see cref="BenchSettings"/>; <see cref="TimedRun"/> runs pingpong, stream and udp with one
/// <see cref="BenchWorker"/> per connection (pingpong and udp on Linux through <see cref="EpollEngine"/>,
/// elsewhere <see cref="PingPongWorker"/> and <see cref="UdpWorker"/>), <see cref="RunMonitor"/> keeps time, timeouts and the live line,
/// <see cref="HoldRun"/> runs hold, and <see cref="BenchReport"/> prints the <see cref="BenchResult"/>.
/// Every echoed byte is checked against <see cref="PayloadPattern"/>; latencies go to per-connection
/// <see cref="LatencyHistogram"/>s merged at the end.
/// </remarks>
internal static class BenchCommand
{
    private const string Description =
        "Generate load against an echo server and report round trips, throughput and latency.\n\n" +
        "Modes:\n" +
        "  pingpong  each connection sends --size bytes and waits for the echo (round trips/s, latency)\n" +
        "  stream    each connection keeps --window bytes in flight (echoed MB/s)\n" +
        "  udp       datagram ping-pong with a reply timeout (lost and late replies)\n" +
        "  hold      open --connections connections, hold them for --duration, probe each once\n" +
        "  connect   each connection in turn opens, (TLS handshake,) sends --size bytes, reads the echo, closes (connections/s)\n" +
        "  chat-fanout  against an IRC server: --connections receivers and one sender in one channel; the sender sends\n" +
        "            --messages messages of --size bytes (closed loop, --window in flight, or paced at --rate deliveries/s);\n" +
        "            deliveries/s and each delivery's delay\n" +
        "  chat-idle against an IRC server: register --connections clients (--room-size per channel), hold them for\n" +
        "            --duration, probe each with PING; with --server-pid, the server's memory per client\n\n" +
        "A tls://HOST:PORT target runs every stream mode over TLS (--ca, --insecure, --servername, --pin, --cert/--key).\n" +
        "Every echoed byte is verified; a wrong byte fails the run with exit code 9.\n" +
        "pingpong --reply timestamp targets the timestamp service instead: each request is one printable line,\n" +
        "and each reply must be '[' + a ctime timestamp + '] ' + that line (MB/s counts request bytes).\n" +
        "Only loopback targets and Unix sockets are allowed unless --allow-remote is given.\n\n" +
        "Examples:\n" +
        "  netwright bench 127.0.0.1:5000                                 # pingpong, 50 x 32 B, 5 s\n" +
        "  netwright bench tcp://127.0.0.1:5000 -c 50 -s 32 -d 5 --json\n" +
        "  netwright bench 127.0.0.1:5000 -c 100 -s 32 --threads 2            # two generator threads (epoll engine)\n" +
        "  netwright bench 127.0.0.1:5000 --mode stream -c 4 -s 16384 --window 262144\n" +
        "  netwright bench udp://127.0.0.1:5000 --mode udp -c 8 -s 64 --timeout 0.2\n" +
        "  netwright bench 127.0.0.1:5000 --mode hold -c 50000 -d 10 --server-pid 1234\n" +
        "  netwright bench unix:///tmp/echo.sock --mode pingpong -c 10\n" +
        "  netwright bench tls://127.0.0.1:7443 --insecure --mode connect -c 8 -d 5   # TLS handshakes/s\n" +
        "  netwright bench 127.0.0.1:21567 --reply timestamp -c 50 -s 32 -d 5   # the timestamp service\n" +
        "  netwright bench 127.0.0.1:6667 --mode chat-fanout -c 100 --messages 1000      # IRC fan-out\n" +
        "  netwright bench 127.0.0.1:6667 --mode chat-fanout -c 100 --messages 5000 --rate 100000   # paced: delay percentiles\n" +
        "  netwright bench 127.0.0.1:6667 --mode chat-idle -c 10000 -d 5 --server-pid 1234        # memory per idle client\n" +
        "  taskset -c 1 netwright bench 127.0.0.1:5000 -c 50 -s 32 -d 5 --json   # pin the generator to one core";

    /// <summary>Creates the <c>bench</c> command, writing to <paramref name="console"/>.</summary>
    public static Command Create(CliConsole console)
    {
        var options = new BenchOptionSet();
        var tls = new TlsClientFlags();
        var command = new Command("bench", Description);
        options.AddTo(command);
        tls.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(options, tls, parseResult, console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(BenchOptionSet options, TlsClientFlags tlsFlags, ParseResult parseResult, CliConsole console, CancellationToken cancellationToken)
    {
        if (!options.TryRead(parseResult, out var request, out var problem))
        {
            return Fail(console, problem, ExitCodes.Usage);
        }

        NetEndPoint endpoint;
        Tls.TlsClientOptions? tls;
        try
        {
            var useTls = TlsClientFlags.TryStripScheme(request.Endpoint, out var endpointText);
            tls = tlsFlags.Read(parseResult, useTls, console.Error);
            endpoint = NetEndPoint.Parse(endpointText, request.Mode == BenchMode.Udp ? TransportKind.Udp : TransportKind.Tcp);
            if (tls is not null && request.Mode is BenchMode.Udp or BenchMode.ChatFanout or BenchMode.ChatIdle)
            {
                return Fail(console, $"--mode {BenchReport.ModeName(request.Mode)} does not run over TLS", ExitCodes.Usage);
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return Fail(console, ex.Message, ExitCodes.Usage);
        }
        catch (UnknownServiceException ex)
        {
            return Fail(console, ex.Message, ExitCodes.UnknownService);
        }

        if (request.Mode == BenchMode.Udp ? !endpoint.IsDatagram : !endpoint.IsStream)
        {
            var wanted = request.Mode == BenchMode.Udp ? "a datagram endpoint (udp:// or unixgram://)" : "a stream endpoint (tcp:// or unix://)";
            return Fail(console, $"--mode {BenchReport.ModeName(request.Mode)} needs {wanted}, not {endpoint}", ExitCodes.Usage);
        }

        EndPoint target;
        try
        {
            target = (await endpoint.ResolveAsync(cancellationToken).ConfigureAwait(false))[0];
        }
        catch (HostNotFoundException ex)
        {
            return Fail(console, ex.Message, ExitCodes.HostNotFound);
        }

        if (!request.AllowRemote && !LoopbackPolicy.IsLocal(target))
        {
            return Fail(
                console,
                $"refusing to load {endpoint} ({NetEndPoint.Format(target)}): not a loopback address; pass --allow-remote for a host you own",
                ExitCodes.Usage);
        }

        var limit = FileDescriptorLimit.RaiseToHardLimit();
        const int ReservedDescriptors = 64;
        if (limit is { } soft && (ulong)request.Connections + ReservedDescriptors > soft)
        {
            return Fail(
                console,
                FormattableString.Invariant(
                    $"--connections {request.Connections} needs about {request.Connections + ReservedDescriptors} open files, but the limit is {soft} (already raised to the hard limit; see ulimit -Hn)"),
                ExitCodes.Failure);
        }

        var settings = request.ToSettings(target, tls is null ? endpoint.ToString() : TlsClientFlags.Scheme + endpoint.ToString()["tcp://".Length..]) with
        {
            Live = request.Live || (ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected),
        };
        if (tls is not null)
        {
            // The epoll engine moves raw bytes; TLS runs on SslStream over the sockets engine.
            var host = endpoint.Host ?? "localhost";
            settings = settings with { Tls = new BenchTls(() => tls.CreateAuthenticationOptions(host)), UseEpollEngine = false };
        }
        var live = settings.Live ? console.Error : null;
        var result = settings.Mode switch
        {
            BenchMode.Hold => await HoldRun.RunAsync(settings, live, cancellationToken).ConfigureAwait(false),
            BenchMode.ChatFanout or BenchMode.ChatIdle => await ChatRun.RunAsync(settings, live, cancellationToken).ConfigureAwait(false),
            _ => await TimedRun.RunAsync(settings, live, cancellationToken).ConfigureAwait(false),
        };

        ReportProblems(console, result);
        if (request.Json)
        {
            await console.Out.WriteLineAsync(BenchReport.ToJson(result)).ConfigureAwait(false);
        }
        else
        {
            await console.Out.WriteAsync(BenchReport.ToText(result)).ConfigureAwait(false);
        }

        await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return BenchExitCode.For(result);
    }

    private static void ReportProblems(CliConsole console, BenchResult result)
    {
        if (result.Errors.FirstMessage(BenchErrorKind.Mismatch) is { } mismatch)
        {
            console.Error.WriteLine($"netwright bench: verification failed: {mismatch}");
        }

        if (result.AllFailed && result.Errors.Dominant() is { } kind && result.Errors.FirstMessage(kind) is { } message)
        {
            console.Error.WriteLine($"netwright bench: every connection failed ({kind.ToString().ToLowerInvariant()}): {message}");
        }
        else if (result.AllFailed)
        {
            console.Error.WriteLine("netwright bench: no connection was opened");
        }
    }

    private static int Fail(CliConsole console, string message, int exitCode)
    {
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"netwright bench: {message}"));
        return exitCode;
    }
}
