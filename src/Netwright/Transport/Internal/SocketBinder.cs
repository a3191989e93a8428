using System.Net;
using System.Net.Sockets;
using Netwright.Errors;

namespace Netwright.Transport.Internal;

/// <summary>
/// Creates and binds listening and datagram sockets: a busy port is "address in use" unless port sharing is
/// asked for, IPv6 sockets dual-mode off
/// (so <c>[::]</c> and <c>0.0.0.0</c> can be bound side by side), and Unix socket files handled the way a
/// user expects: a missing directory is a clear error, a stale file from a crashed run is replaced,
/// a live server on that path is "address in use".
/// </summary>
internal static class SocketBinder
{
    /// <param name="endPoint">What to bind.</param>
    /// <param name="reusePort">Whether other sockets may bind the same port on purpose (SO_REUSEPORT).</param>
    /// <param name="cancellationToken">Cancels name resolution and the stale Unix socket probe.</param>
    public static async Task<Socket> BindAsync(NetEndPoint endPoint, bool reusePort, CancellationToken cancellationToken)
    {
        var address = endPoint.IsUnix
            ? new UnixDomainSocketEndPoint(endPoint.Path!)
            : (await endPoint.ResolveAsync(cancellationToken).ConfigureAwait(false))[0];
        if (endPoint.IsUnix)
        {
            await PrepareUnixPathAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }

        var socket = CreateSocket(address, endPoint.IsStream);
        try
        {
            if (!endPoint.IsUnix)
            {
                PortSharing.Apply(socket, endPoint.IsStream, reusePort);
            }

            socket.Bind(address);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw SocketErrors.Translate(ex, "bind", endPoint.ToString());
        }
    }

    public static Socket CreateSocket(EndPoint address, bool stream)
    {
        var protocol = address is UnixDomainSocketEndPoint
            ? ProtocolType.Unspecified
            : stream ? ProtocolType.Tcp : ProtocolType.Udp;
        var socket = new Socket(address.AddressFamily, stream ? SocketType.Stream : SocketType.Dgram, protocol);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false;
        }

        return socket;
    }

    private static async Task PrepareUnixPathAsync(NetEndPoint endPoint, CancellationToken cancellationToken)
    {
        var path = endPoint.Path!;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new NetwrightException($"bind {endPoint}: directory '{directory}' does not exist");
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return;
        }

        if ((File.GetAttributes(path) & FileAttributes.Directory) != 0 || !IsSocketFile(path))
        {
            throw new NetwrightException($"bind {endPoint}: '{path}' exists and is not a socket; refusing to replace it");
        }

        if (endPoint.IsStream && await IsLiveStreamSocketAsync(path, cancellationToken).ConfigureAwait(false))
        {
            throw new AddressInUseException($"bind {endPoint}: another server is listening on '{path}'");
        }

        // Nobody answers: the file is left over from a process that did not clean up.
        File.Delete(path);
    }

    private static bool IsSocketFile(string path) => FileTypes.IsSocket(path);

    private static async Task<bool> IsLiveStreamSocketAsync(string path, CancellationToken cancellationToken)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
