using System.Net;
using System.Net.Sockets;

namespace Netwright.Transport.Internal;

/// <summary>
/// A <see cref="Connection"/> over a connected stream socket: one receive loop fills the input pipe,
/// one send loop drains the output pipe (Kestrel's shape). Both pipes run their continuations inline, so a
/// reply written while handling a read goes to the socket without a thread hop.
/// </summary>
internal sealed partial class SocketConnection : PipeConnection
{
    private readonly Socket _socket;
    private readonly SocketOperation _receiver = new();
    private readonly SocketOperation _sender = new();
    private Task _receiveTask = Task.CompletedTask;
    private Task _sendTask = Task.CompletedTask;
    private EndPoint? _localEndPoint;
    private EndPoint? _remoteEndPoint;

    public SocketConnection(Socket socket, TransportKind kind, SocketTransportOptions options)
        : base(kind, options)
    {
        _socket = socket;
    }

    // Read on first use: most connections never ask, and getsockname plus two objects per accept add up.
    public override EndPoint? LocalEndPoint => _localEndPoint ??= SafeEndPoint(static s => s.LocalEndPoint, _socket);

    public override EndPoint? RemoteEndPoint => _remoteEndPoint ??= SafeEndPoint(static s => s.RemoteEndPoint, _socket);

    private protected override Task SendCompletion => _sendTask;

    private protected override Task ReceiveCompletion => _receiveTask;

    /// <summary>Starts the two loops; called once by whoever created the connection.</summary>
    public void Start()
    {
        _receiveTask = ReceiveLoopAsync();
        _sendTask = SendLoopAsync();
    }

    private protected override void CloseForAbort() => CloseSocket();

    private protected override async Task CloseAsync()
    {
        CloseSocket();
        await _receiveTask.ConfigureAwait(false);
        await _sendTask.ConfigureAwait(false);
        _receiver.Dispose();
        _sender.Dispose();
    }

    private void CloseSocket()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer or by an earlier abort: nothing left to shut down.
        }

        _socket.Dispose();
    }

    private static EndPoint? SafeEndPoint(Func<Socket, EndPoint?> read, Socket socket)
    {
        try
        {
            return read(socket);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
