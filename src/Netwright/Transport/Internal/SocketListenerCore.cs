using System.Net.Sockets;

namespace Netwright.Transport.Internal;

/// <summary>Accepts with the .NET <see cref="Socket"/> API and serves each connection with a <see cref="SocketConnection"/>.</summary>
internal sealed class SocketListenerCore(Socket socket, TransportKind kind, SocketTransportOptions options) : IStreamListenerCore
{
    private int _unbound;

    public async ValueTask<Connection?> AcceptAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
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

            if (WasReset(accepted))
            {
                // Reset while it waited in the backlog (a connect-then-reset flood): nothing can be read from it or
                // sent to it, so it is closed here and costs no connection, no application start and no log line.
                accepted.Dispose();
                continue;
            }

            return Wrap(accepted);
        }
    }

    public void Unbind()
    {
        Volatile.Write(ref _unbound, 1);
        socket.Dispose();
    }

    /// <summary>Gets whether the peer reset the connection already (a pending error, read with <c>SO_ERROR</c>; the runtime maps it to <see cref="SocketError"/>).</summary>
    private static bool WasReset(Socket accepted)
    {
        try
        {
            return accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error && (SocketError)error == SocketError.ConnectionReset;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private SocketConnection Wrap(Socket accepted)
    {
        if (kind != TransportKind.Unix)
        {
            accepted.NoDelay = options.NoDelay;
            if (options.KeepAlive)
            {
                accepted.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }
        }

        var connection = new SocketConnection(accepted, kind, options);
        connection.Start();
        return connection;
    }
}
