using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Netwright.Chat.Redis.Tests;

/// <summary>
/// Debian's <c>redis-server</c> on a free loopback port, without persistence; stopped by its pid (killed, as a
/// crash would) and started again on the same port. A missing redis-server fails the test (under CI and here).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts redis-server (again) and waits until it says it accepts connections.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo(Find()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _ = _process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TestTimeouts.Default);
        while (await _process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = _process.StandardOutput.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException($"redis-server on port {Port} exited before it was ready");
    }

    /// <summary>Kills the server (SIGKILL by pid) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync().DefaultTimeout();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var path = Path.Combine(dir, "redis-server");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
