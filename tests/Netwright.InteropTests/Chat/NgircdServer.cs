using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests.Chat;

/// <summary>
/// Debian's <c>ngircd</c> on a free loopback port, with a generated configuration in a temp directory
/// (no per-IP connection cap, no join cap, penalties off), run in the foreground and killed by pid.
/// </summary>
internal sealed partial class NgircdServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private NgircdServer(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<NgircdServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("netwright-ngircd-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "ngircd.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            [Global]
            Name = irc.test.local
            Info = Netwright interop test
            Listen = 127.0.0.1
            Ports = {port}
            MotdPhrase = hello from ngircd
            [Limits]
            MaxConnectionsIP = 0
            MaxJoins = 0
            MaxNickLength = 30
            MaxPenaltyTime = 0
            [Options]
            PAM = no
            Ident = no
            DNS = no
            """));
        var process = ChildProcess.Start("ngircd", ["--nodaemon", "--config", config]);
        try
        {
            await process.WaitForOutputAsync(Listening(), TestTimeouts.Startup);
            return new NgircdServer(process, directory, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        // ngIRCd cannot report a port 0 binding; a port the kernel just handed out is free in practice.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"Now listening on \[127\.0\.0\.1\]:\d+")]
    private static partial Regex Listening();
}
