using System.Globalization;
using System.Net.Sockets;

namespace Netwright.Hosting.Internal;

/// <summary>
/// The sockets systemd passed to this process (socket activation, <c>sd_listen_fds(3)</c>): descriptors 3 to
/// 3 + <c>LISTEN_FDS</c> − 1, meant for us only when <c>LISTEN_PID</c> is our process id, named by <c>LISTEN_FDNAMES</c>.
/// </summary>
/// <remarks>See <see href="https://www.freedesktop.org/software/systemd/man/latest/sd_listen_fds.html"/>. The variables are
/// removed once read, as <c>sd_listen_fds(1)</c> does, so that child processes do not take the sockets for theirs.</remarks>
internal sealed class SystemdSockets
{
    private const int FirstDescriptor = 3;
    private readonly string[] _names;
    private readonly Socket?[] _taken;

    private SystemdSockets(int count, string[] names)
    {
        _taken = new Socket?[count];
        _names = names;
    }

    public int Count => _taken.Length;

    /// <summary>Reads the environment once per process; later calls see the same sockets.</summary>
    public static SystemdSockets FromEnvironment() => s_fromEnvironment.Value;

    private static readonly Lazy<SystemdSockets> s_fromEnvironment = new(Read);

    private static SystemdSockets Read()
    {
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var fds = Environment.GetEnvironmentVariable("LISTEN_FDS");
        var names = Environment.GetEnvironmentVariable("LISTEN_FDNAMES");
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var listenPid) || listenPid != Environment.ProcessId
            || !int.TryParse(fds, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return new SystemdSockets(0, []);
        }

        return new SystemdSockets(count, names?.Split(':') ?? []);
    }

    /// <summary>Takes the socket an endpoint names; each can be taken once (the server that takes it owns it).</summary>
    /// <exception cref="InvalidOperationException">systemd passed no such socket, or it was taken already.</exception>
    public Socket Take(SystemdEndpoint endpoint)
    {
        var index = endpoint.Index ?? Array.IndexOf(_names, endpoint.Name);
        if (index < 0 || index >= _taken.Length)
        {
            var passed = _taken.Length == 0
                ? "systemd passed no sockets (LISTEN_FDS and LISTEN_PID are not set for this process)"
                : $"systemd passed {_taken.Length} socket(s){(_names.Length > 0 ? " named " + string.Join(", ", _names) : "")}";
            throw new InvalidOperationException($"{endpoint}: no such socket: {passed}");
        }

        if (_taken[index] is not null)
        {
            throw new InvalidOperationException($"{endpoint}: that socket is used by another listener already");
        }

        // The Socket constructor asks the kernel for the family, type and protocol of the descriptor.
        return _taken[index] = new Socket(new SafeSocketHandle(FirstDescriptor + index, ownsHandle: true));
    }
}
