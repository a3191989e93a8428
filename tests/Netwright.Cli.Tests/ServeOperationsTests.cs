using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Netwright.Cli.Tests.Support;
using Netwright.Transport;

namespace Netwright.Cli.Tests;

/// <summary><c>serve</c> for operators: <c>--config</c>, systemd socket activation and readiness, <c>--stats</c>, <c>--log-format json</c>, Prometheus.</summary>
public sealed class ServeOperationsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netwright-ops-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ConfigFileServesSeveralServicesInOneProcess()
    {
        var config = Write("several.json", """
            { "Netwright": { "Listeners": [
              { "Endpoint": "tcp://127.0.0.1:0", "Service": "timestamp" },
              { "Endpoint": "tcp://127.0.0.1:0", "Service": "echo" },
              { "Endpoint": "udp://127.0.0.1:0", "Service": "echo", "Style": "Event" },
              { "Endpoint": "tcp://127.0.0.1:0", "Service": "chat" } ],
              "Limits": { "MaxConnections": 50 } } }
            """);
        await using var serve = await ServeHost.StartAsync("--config", config);

        Assert.Equal(4, serve.EndPoints.Count);
        var stamp = await CliRunner.RunAsync(["connect", serve.EndPoints[0].ToString()], "one\n");
        Assert.Matches(@"^\[.+\] one\n$", stamp.Out);
        Assert.Equal("two\n", (await CliRunner.RunAsync(["connect", serve.EndPoints[1].ToString()], "two\n")).Out);
        Assert.Equal("three\n", (await CliRunner.RunAsync(["connect", serve.EndPoints[2].ToString()], "three\n")).Out);
        var chat = await CliRunner.RunAsync(["connect", serve.EndPoints[3].ToString()], "NICK ops\r\nUSER ops 0 * :Ops\r\nQUIT\r\n");
        Assert.Contains(" 001 ops ", chat.Out, StringComparison.Ordinal);
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task ConfigFileConfiguresTheFilesServiceAndTheChat()
    {
        var shared = Directory.CreateDirectory(Path.Combine(_directory, "shared")).FullName;
        File.WriteAllText(Path.Combine(shared, "notes.txt"), "notes");
        var config = Write("services.json", $$"""
            { "Netwright": {
              "Listeners": [
                { "Endpoint": "tcp://127.0.0.1:0", "Service": "files", "Files": { "Root": "{{shared}}", "Token": "s3cret", "ReadOnly": true } },
                { "Endpoint": "tcp://127.0.0.1:0", "Service": "chat" } ],
              "Chat": { "ServerName": "irc.ops.test" } } }
            """);
        await using var serve = await ServeHost.StartAsync("--config", config);

        var ls = await CliRunner.RunAsync(["ls", serve.EndPoints[0].ToString(), "--token", "s3cret"]);
        Assert.True(ls.ExitCode == 0, ls.Error);
        Assert.Contains("notes.txt", ls.Out, StringComparison.Ordinal);
        var chat = await CliRunner.RunAsync(["connect", serve.EndPoints[1].ToString()], "NICK ops\r\nUSER ops 0 * :Ops\r\nQUIT\r\n");
        Assert.Contains(":irc.ops.test 001 ops ", chat.Out, StringComparison.Ordinal);
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task ABadFilesOptionInAConfigFileNamesTheKey()
    {
        var config = Write("badfiles.json", """{ "Listeners": [ { "Endpoint": "tcp://127.0.0.1:0", "Service": "files", "Files": { "Root": "/nonexistent/netwright" } } ], "Chat": { "NickLength": 500 } }""");

        var result = await CliRunner.RunAsync(["serve", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Listeners:0:Files:Root = '/nonexistent/netwright': no such folder", result.Error, StringComparison.Ordinal);
        Assert.Contains("Chat:NickLength = '500': must be between 1 and 100", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadConfigFileNamesTheKeyAndTheValue()
    {
        var config = Write("bad.json", """{ "Listeners": [ { "Endpoint": "tcp://127.0.0.1:0", "Service": "ehco" } ], "Limits": { "MaxConnections": 0 } }""");

        var result = await CliRunner.RunAsync(["serve", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Listeners:0:Service = 'ehco': unknown service", result.Error, StringComparison.Ordinal);
        Assert.Contains("Limits:MaxConnections = '0': must be at least 1", result.Error, StringComparison.Ordinal);
    }

    [UnixSocketFact]
    public async Task ServeAdoptsASocketPassedAsSystemdWouldAndReportsReadiness()
    {
        var config = Write("activated.json", """{ "Listeners": [ { "Endpoint": "systemd:0", "Service": "echo" } ] }""");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var notifyPath = Path.Combine(_directory, "notify.sock");
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        using var process = StartActivated(config, notifyPath);
        using var timeout = new CancellationTokenSource(CliProcess.Timeout);
        try
        {
            var port = int.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("READY=1", await ReceiveTextAsync(notify, timeout.Token), StringComparison.Ordinal);

            using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            await client.SendAsync("activated\n"u8.ToArray(), timeout.Token);
            var reply = new byte[10];
            var received = 0;
            while (received < reply.Length && await client.ReceiveAsync(reply.AsMemory(received), timeout.Token) is > 0 and var n)
            {
                received += n;
            }

            Assert.Equal("activated\n", Encoding.ASCII.GetString(reply, 0, received));
            client.Close();
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            Assert.Contains("STOPPING=1", await ReceiveTextAsync(notify, timeout.Token), StringComparison.Ordinal);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(timeout.Token));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task StatsWithoutATerminalAreJsonLinesAndLogsAreJsonObjects()
    {
        var error = new SignalingWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var console = new CliConsole(new StringWriter(), error, Stream.Null, InputIsTerminal: false);
        var run = Task.Run(() => NetwrightApp.RunAsync(["serve", "echo", "--tcp", "0", "--stats", "--log-format", "json", "--verbose"], console, stop.Token));
        var ready = await error.WaitForLineAsync("""waiting for connection\.\.\. on (?<endpoint>tcp://[^"]+)""", CliRunner.Timeout);
        var endpoint = ready.Groups["endpoint"].Value;

        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var parsed = NetEndPoint.Parse(endpoint);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Parse(parsed.Host!), parsed.Port)).WaitAsync(CliRunner.Timeout);
        await client.SendAsync(new byte[1000]).WaitAsync(CliRunner.Timeout);
        // The connection stays open: its bytes must show while it lasts.
        var stats = await error.WaitForLineAsync("""^\{"stats":.*"open":1,.*"bytesInPerSecond":[1-9].*$""", CliRunner.Timeout);
        var accepted = await error.WaitForLineAsync("""^\{.*"eventName":"ConnectionAccepted".*\}$""", CliRunner.Timeout);
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(CliRunner.Timeout));

        using var line = JsonDocument.Parse(accepted.Value);
        Assert.Equal(3, line.RootElement.GetProperty("eventId").GetInt32());
        Assert.StartsWith("127.0.0.1:", line.RootElement.GetProperty("remoteEndPoint").GetString(), StringComparison.Ordinal);
        Assert.Equal(endpoint, line.RootElement.GetProperty("endPoint").GetString());
        Assert.False(string.IsNullOrEmpty(line.RootElement.GetProperty("connectionId").GetString()));
        using var report = JsonDocument.Parse(stats.Value);
        Assert.Equal(0, report.RootElement.GetProperty("refused").GetInt64());
        Assert.All(CliResult.Lines(error.ToString()), l => Assert.StartsWith("{", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrometheusScrapesTheMetricsOnLoopback()
    {
        var port = FreePort();
        await using var serve = await ServeHost.StartAsync("echo", "--tcp", "0", "--metrics-prometheus", $"127.0.0.1:{port}");
        Assert.Equal("scraped\n", (await CliRunner.RunAsync(["connect", serve.EndPoints[0].ToString()], "scraped\n")).Out);

        using var http = new HttpClient { Timeout = CliRunner.Timeout };
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

        Assert.Contains("netwright_accepted_connections", text, StringComparison.Ordinal);
        Assert.Contains("netwright_connection_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Matches(@"netwright_io_bytes_total\{[^}]*network_io_direction=""receive""[^}]*\} 8", text);
        Assert.Equal(0, await serve.StopAsync());
    }

    /// <summary>
    /// Starts <c>serve --config</c> the way systemd does with socket activation: a launcher binds and listens, puts the socket at
    /// descriptor 3, sets LISTEN_FDS=1 and LISTEN_PID to the pid that then execs the command (the same pid), and prints the port.
    /// </summary>
    private static Process StartActivated(string config, string notifyPath)
    {
        const string Launcher = """
            import os, socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0)); s.listen(16)
            print(s.getsockname()[1], flush=True)
            os.dup2(s.fileno(), 3); os.set_inheritable(3, True)
            env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()), LISTEN_FDNAMES="echo", NOTIFY_SOCKET=sys.argv[1])
            os.execvpe(sys.argv[2], sys.argv[2:], env)
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", Launcher, notifyPath, CliProcess.DotnetHost(), Path.Combine(AppContext.BaseDirectory, "Netwright.Cli.dll"), "serve", "--config", config })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
    }

    private static async Task<string> ReceiveTextAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var count = await socket.ReceiveAsync(buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, count);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }
}
