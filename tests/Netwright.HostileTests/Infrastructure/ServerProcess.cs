using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Netwright.Testing;

namespace Netwright.HostileTests.Infrastructure;

/// <summary>
/// One <c>netwright serve</c> child process with a TCP, a UDP and a TLS listener on loopback port 0: its bound
/// endpoints, its resident memory (read from <c>/proc/PID/status</c>), whether it is still alive, and its
/// log lines. Disposing kills it.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    // Generous: twelve servers start at once (each making a certificate) on a loaded 2-core machine; 27 s was seen.
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);

    // Every server not yet disposed: the test host kills what is left when it exits (a test run cut short, a fixture
    // whose disposal failed), so no server outlives the run.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Process, byte> s_live = new();

    private readonly Process _process;
    private readonly List<string> _log = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stderr;
    private readonly Task _stdout;

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += static (_, _) => KillLeftovers();

    private ServerProcess(Process process, string description)
    {
        s_live.TryAdd(process, 0);
        _process = process;
        Description = description;
        _stderr = PumpAsync(process.StandardError);
        _stdout = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Gets the command line, for messages.</summary>
    public string Description { get; }

    /// <summary>Gets the plain TCP listener.</summary>
    public IPEndPoint Tcp { get; private set; } = null!;

    /// <summary>Gets the TLS listener (a self-signed certificate made at start-up).</summary>
    public IPEndPoint Tls { get; private set; } = null!;

    /// <summary>Gets the SHA-256 fingerprint of the TLS certificate, as the server printed it, without colons.</summary>
    public string Fingerprint { get; private set; } = "";

    /// <summary>Gets the UDP listener.</summary>
    public IPEndPoint Udp { get; private set; } = null!;

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether the process is still running.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>Gets how many log lines the server has written so far.</summary>
    public int LogLineCount
    {
        get
        {
            lock (_gate)
            {
                return _log.Count;
            }
        }
    }

    /// <summary>Starts <c>netwright serve SERVICE --style STYLE --engine ENGINE</c> and waits until it listens.</summary>
    /// <param name="target">The service, style and engine.</param>
    /// <param name="host">The address to listen on (port 0).</param>
    /// <param name="networkNamespace">A network namespace to run in (<c>ip netns exec</c>), or null for this one.</param>
    public static async Task<ServerProcess> StartAsync(HostileTarget target, string host = "127.0.0.1", string? networkNamespace = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Netwright.Cli.dll");
        string[] args =
        [
            dll, "serve", target.Service.Name, "--style", target.Style, "--engine", target.Engine,
            "--tcp", host + ":0", "--udp", host + ":0", "--tls", host + ":0", "--tls-self-signed", "--quiet",
        ];
        var start = networkNamespace is null ? new ProcessStartInfo(DotnetHost(), args) : NetworkNamespace.Exec(networkNamespace, DotnetHost(), args);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, "netwright " + string.Join(' ', args.Skip(1)));
        try
        {
            var line = await server._ready.Task.WaitAsync(Startup);
            var match = ReadyLine().Match(line);
            foreach (var text in match.Groups["endpoints"].Value.Split(", "))
            {
                var endpoint = IPEndPoint.Parse(text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..]);
                if (text.StartsWith("udp://", StringComparison.Ordinal))
                {
                    server.Udp = endpoint;
                }
                else if (text.StartsWith("tcp://", StringComparison.Ordinal))
                {
                    server.Tcp = endpoint;
                }
                else if (text.StartsWith("tls://", StringComparison.Ordinal))
                {
                    server.Tls = endpoint;
                }
            }

            server.Fingerprint = FingerprintLine().Match(server.LogSince(0)).Groups["hex"].Value.Replace(":", "", StringComparison.Ordinal);

            return server;
        }
        catch (Exception ex) when (ex is TimeoutException or FormatException)
        {
            var log = server.LogSince(0);
            await server.DisposeAsync();
            throw new InvalidOperationException($"{server.Description} did not start: {ex.Message}\n{log}", ex);
        }
    }

    /// <summary>Reads the process's resident set size (VmRSS) in bytes.</summary>
    /// <returns>The RSS, or -1 once the process has gone.</returns>
    public long ReadRss()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended between the check and the read: report it as gone.
        }

        return -1;
    }

    /// <summary>Gets the log lines written since line number <paramref name="from"/>, as one text.</summary>
    public string LogSince(int from)
    {
        lock (_gate)
        {
            return string.Join('\n', _log.Skip(from));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(Startup);
            await Task.WhenAll(_stderr, _stdout).WaitAsync(Startup);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone or would not die: the test's own failure says more than this one.
        }
        finally
        {
            s_live.TryRemove(_process, out _);
            _process.Dispose();
        }
    }

    private static void KillLeftovers()
    {
        foreach (var process in s_live.Keys)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        // Read stderr all the time: a server whose log pipe is full blocks in its logger.
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                _log.Add(line);
            }

            if (ReadyLine().IsMatch(line))
            {
                _ready.TrySetResult(line);
            }
        }

        _ready.TrySetException(new TimeoutException("the server exited before listening"));
    }

    internal static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    [GeneratedRegex(@"SHA-256 fingerprint (?<hex>[0-9A-F:]+)")]
    private static partial Regex FingerprintLine();

    [GeneratedRegex(@"waiting for connection\.\.\. on (?<endpoints>.+)$")]
    private static partial Regex ReadyLine();
}
