using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Netwright.HostileTests.Infrastructure;

internal sealed partial class ServerProcess
{
    /// <summary>
    /// Starts <c>netwright</c> with <paramref name="args"/> (a service with its own command line, such as
    /// <c>serve files --root DIR</c> or <c>serve chat</c>, listening on one TCP port 0) and waits until it logs the
    /// TCP endpoint it listens on.
    /// </summary>
    public static async Task<ServerProcess> StartCommandAsync(IReadOnlyList<string> args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Netwright.Cli.dll");
        var start = new ProcessStartInfo(DotnetHost(), [dll, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, "netwright " + string.Join(' ', args));
        using var limit = new CancellationTokenSource(Startup);
        try
        {
            // Both serve's "waiting for connection... on tcp://…" and files' "serving DIR on tcp://…" name it.
            while (TcpEndpoint().Match(server.LogSince(0)) is not { Success: true } match)
            {
                if (!server.IsAlive)
                {
                    throw new InvalidOperationException("it exited");
                }

                await Task.Delay(20, limit.Token);
            }

            server.Tcp = IPEndPoint.Parse(TcpEndpoint().Match(server.LogSince(0)).Groups["endpoint"].Value);
            return server;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            var log = server.LogSince(0);
            await server.DisposeAsync();
            throw new InvalidOperationException($"{server.Description} did not start: {ex.Message}\n{log}", ex);
        }
    }

    [GeneratedRegex(@" on tcp://(?<endpoint>[0-9.]+:[0-9]+)")]
    private static partial Regex TcpEndpoint();
}
