using System.Net.Sockets;
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
    private readonly Socket _socket;
    private readonly SocketTransportOptions _options;
    private readonly string? _unixPath;
    private int _unbound;

    private StreamListener(Socket socket, NetEndpoint endpoint, SocketTransportOptions options)
    {
        _socket = socket;
        _options = options;
        _unixPath = endpoint.IsUnix ? endpoint.Path : null;
        EndPoint = endpoint.IsUnix ? endpoint : NetEndpoint.FromEndPoint(socket.LocalEndPoint!, endpoint.Kind);
    }

    /// <summary>Gets the endpoint actually bound (with the real port when port 0 was asked for).</summary>
    public NetEndpoint EndPoint { get; }

    /// <summary>Binds and starts listening on a TCP or Unix stream endpoint.</summary>
    /// <param name="endpoint">Where to listen; must be a stream endpoint.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels name resolution and the stale-socket probe.</param>
    /// <returns>The listener, already accepting into its backlog.</returns>
    /// <exception cref="Errors.AddressInUseException">The address is taken.</exception>
    /// <exception cref="Errors.NetwrightException">The address cannot be bound (bad directory, not local, no permission).</exception>
    public static async Task<StreamListener> BindAsync(NetEndpoint endpoint, SocketTransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsStream)
        {
            throw new ArgumentException($"'{endpoint}' is not a stream endpoint; use DatagramChannel for {endpoint.Kind}", nameof(endpoint));
        }

        options ??= SocketTransportOptions.Default;
        var socket = await SocketBinder.BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            socket.Listen(options.Backlog);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw SocketErrors.Translate(ex, "listen", endpoint.ToString());
        }

        return new StreamListener(socket, endpoint, options);
    }

    /// <summary>Waits for the next connection.</summary>
    /// <param name="cancellationToken">Stops waiting; the listener stays bound.</param>
    /// <returns>The started connection, or null once the listener has been unbound.</returns>
    public async ValueTask<Connection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Volatile.Read(ref _unbound) != 0 && ex is SocketException or ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                // The client gave up while queued in the backlog; that is its business, keep accepting.
                continue;
            }

            return Wrap(accepted);
        }
    }

    private SocketConnection Wrap(Socket socket)
    {
        if (!EndPoint.IsUnix)
        {
            socket.NoDelay = _options.NoDelay;
            if (_options.KeepAlive)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }
        }

        var connection = new SocketConnection(socket, EndPoint.Kind, _options);
        connection.Start();
        return connection;
    }

    /// <summary>Stops listening: pending and later <see cref="AcceptAsync"/> calls return null. Idempotent.</summary>
    public ValueTask UnbindAsync()
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            _socket.Dispose();
            if (_unixPath is not null)
            {
                TryDelete(_unixPath);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Unbinds the listener; open connections are not affected.</summary>
    public ValueTask DisposeAsync() => UnbindAsync();

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
