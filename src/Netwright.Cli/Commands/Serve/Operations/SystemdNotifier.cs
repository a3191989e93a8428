using System.Net.Sockets;
using System.Text;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>
/// <c>sd_notify(3)</c> for <c>Type=notify</c> units: one datagram (<c>READY=1</c>, <c>STOPPING=1</c>, <c>STATUS=...</c>) to the
/// Unix socket in <c>NOTIFY_SOCKET</c>; nothing when it is not set. The command does not run on the Generic Host (start-up
/// time), so it speaks the protocol itself rather than through Microsoft.Extensions.Hosting.Systemd.
/// </summary>
/// <remarks>A leading <c>@</c> names an abstract socket (a leading NUL byte):
/// <see href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html"/>.</remarks>
internal sealed class SystemdNotifier(string? socketPath)
{
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public bool IsActive => !string.IsNullOrEmpty(socketPath);

    /// <summary>Sends the state lines; a failure is returned as its message (the service runs on without the manager's notice).</summary>
    public string? Notify(params string[] lines)
    {
        if (!IsActive)
        {
            return null;
        }

        var path = socketPath![0] == '@' ? "\0" + socketPath[1..] : socketPath;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(string.Join('\n', lines)), new UnixDomainSocketEndPoint(path));
            return null;
        }
        catch (SocketException ex)
        {
            return $"NOTIFY_SOCKET {socketPath}: {ex.Message}";
        }
    }
}
