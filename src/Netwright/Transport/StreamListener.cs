using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport.Epoll;
using Netwright.Transport.Internal;

namespace Netwright.Transport;

/// <summary>
/// A bound, listening TCP or Unix stream socket that hands out <see cref="Connection"/>s
/// (Kestrel's <c>IConnectionListener</c>: bind, accept, unbind).
/// </summary>
/// <remarks>
/// <see cref="EndPoint"/> is the address actually bound, which differs from the one asked for when the
/// port was 0. A Unix socket file is removed again when the listener is disposed.
/// </remarks>
public sealed class StreamListener : IAsyncDisposable
{
    private readonly IStreamListenerCore _core;
    private readonly string? _unixPath;
    private int _unbound;

    private StreamListener(Socket socket, NetEndPoint endPoint, SocketTransportOptions options, ReactorGroup? group)
    {
        _unixPath = endPoint.IsUnix ? endPoint.Path : null;
        EndPoint = endPoint.IsUnix ? endPoint : NetEndPoint.FromEndPoint(socket.LocalEndPoint!, endPoint.Kind);
        _core = options.Engine == TransportEngine.Epoll
            ? CreateEpollCore(socket, endPoint.Kind, options, group ?? options.ReactorGroup)
            : new SocketListenerCore(socket, endPoint.Kind, options);
    }

    /// <summary>Gets the endpoint actually bound (with the real port when port 0 was asked for).</summary>
    public NetEndPoint EndPoint { get; }

    /// <summary>Binds and starts listening on a TCP or Unix stream endpoint.</summary>
    /// <param name="endPoint">Where to listen; must be a stream endpoint.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels name resolution and the stale-socket probe.</param>
    /// <returns>The listener, already accepting into its backlog.</returns>
    /// <exception cref="Errors.AddressInUseException">The address is taken.</exception>
    /// <exception cref="Errors.NetwrightException">The address cannot be bound (bad directory, not local, no permission).</exception>
    /// <exception cref="PlatformNotSupportedException"><see cref="SocketTransportOptions.Engine"/> is <see cref="TransportEngine.Epoll"/> and this is not Linux.</exception>
    /// <remarks>
    /// With the epoll engine the connections run on <see cref="SocketTransportOptions.ReactorGroup"/> when set;
    /// otherwise the listener starts its own group of <see cref="SocketTransportOptions.Reactors"/> threads and
    /// stops it once it is unbound and the last connection it accepted has closed.
    /// </remarks>
    public static Task<StreamListener> BindAsync(NetEndPoint endPoint, SocketTransportOptions? options = null, CancellationToken cancellationToken = default) =>
        BindAsync(endPoint, options, group: null, cancellationToken);

    /// <summary>Binds a listener whose epoll connections run on <paramref name="group"/> (a server's), when not null.</summary>
    internal static async Task<StreamListener> BindAsync(NetEndPoint endPoint, SocketTransportOptions? options, ReactorGroup? group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!endPoint.IsStream)
        {
            throw new ArgumentException($"'{endPoint}' is not a stream endpoint; use DatagramChannel for {endPoint.Kind}", nameof(endPoint));
        }

        options ??= SocketTransportOptions.Default;
        if (options.Engine == TransportEngine.Epoll && !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll transport engine runs only on Linux; use TransportEngine.Sockets");
        }

        var socket = await SocketBinder.BindAsync(endPoint, options.ReusePort, cancellationToken).ConfigureAwait(false);
        try
        {
            socket.Listen(options.Backlog);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw SocketErrors.Translate(ex, "listen", endPoint.ToString());
        }

        try
        {
            return new StreamListener(socket, endPoint, options, group);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the next connection.</summary>
    /// <param name="cancellationToken">Stops waiting; the listener stays bound.</param>
    /// <returns>The started connection, or null once the listener has been unbound.</returns>
    public ValueTask<Connection?> AcceptAsync(CancellationToken cancellationToken = default) => _core.AcceptAsync(cancellationToken);

    /// <summary>Stops listening: pending and later <see cref="AcceptAsync"/> calls return null. Idempotent.</summary>
    public ValueTask UnbindAsync()
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            _core.Unbind();
            if (_unixPath is not null)
            {
                TryDelete(_unixPath);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Unbinds the listener; open connections are not affected.</summary>
    public ValueTask DisposeAsync() => UnbindAsync();

    private static EpollListenerCore CreateEpollCore(Socket socket, TransportKind kind, SocketTransportOptions options, ReactorGroup? group)
    {
        var owned = group is null ? new ReactorGroup(options.Reactors) : null;
        try
        {
            return new EpollListenerCore(socket, kind, options, group ?? owned!, ownsGroup: owned is not null);
        }
        catch
        {
            _ = owned?.DisposeAsync().AsTask();
            throw;
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            if (FileTypes.IsSocket(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Someone else removed or replaced it; nothing of ours is left to clean up.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above: the file is no longer ours to remove.
        }
    }
}
