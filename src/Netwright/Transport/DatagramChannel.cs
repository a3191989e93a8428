using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport.Epoll;
using Netwright.Transport.Internal;

namespace Netwright.Transport;

/// <summary>
/// A bound UDP or Unix datagram socket. Servers bind one with <see cref="BindAsync(NetEndPoint, SocketTransportOptions?, CancellationToken)"/> and use the
/// <c>...From</c>/<c>...To</c> calls; clients get a connected one from <see cref="ConnectAsync"/>, which only
/// sees datagrams from its peer.
/// </summary>
/// <remarks>
/// UDP needs no pipes: each receive fills the caller's buffer with exactly one datagram. A datagram larger
/// than the buffer is truncated by the kernel, so size buffers for the largest datagram you accept
/// (65,527 bytes holds any UDP payload). A Unix datagram client is bound to a temporary path so the server
/// can answer it; the path is removed on dispose.
/// </remarks>
public sealed class DatagramChannel : IAsyncDisposable
{
    /// <summary>The largest payload one UDP datagram can carry over IPv4.</summary>
    public const int MaxDatagramSize = 65_507;

    private static long s_clientPaths;
    private readonly Socket _socket;
    private readonly string? _ownedPath;
    private long _datagramsReceived;
    private long _datagramsSent;
    private bool _directSend;

    private DatagramChannel(Socket socket, NetEndPoint local, EndPoint? remote, string? ownedPath)
    {
        _socket = socket;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
        _ownedPath = ownedPath;
    }

    /// <summary>Gets the endpoint this channel is bound to (the real port when 0 was asked for).</summary>
    public NetEndPoint LocalEndPoint { get; }

    /// <summary>Gets the peer of a connected channel, or null for a server channel.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets how many datagrams were received.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Gets how many datagrams were sent.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Binds a server channel.</summary>
    /// <param name="endPoint">A <c>udp://</c> or <c>unixgram://</c> endpoint; port 0 picks a free port.</param>
    /// <param name="cancellationToken">Cancels name resolution.</param>
    /// <returns>The bound channel.</returns>
    /// <exception cref="Errors.AddressInUseException">The address is taken.</exception>
    public static Task<DatagramChannel> BindAsync(NetEndPoint endPoint, CancellationToken cancellationToken = default) =>
        BindAsync(endPoint, options: null, cancellationToken);

    /// <summary>Binds a server channel with socket settings (of which it uses <see cref="SocketTransportOptions.ReusePort"/>).</summary>
    /// <param name="endPoint">A <c>udp://</c> or <c>unixgram://</c> endpoint; port 0 picks a free port.</param>
    /// <param name="options">Socket settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels name resolution.</param>
    /// <returns>The bound channel.</returns>
    /// <exception cref="Errors.AddressInUseException">The address is taken.</exception>
    public static async Task<DatagramChannel> BindAsync(NetEndPoint endPoint, SocketTransportOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!endPoint.IsDatagram)
        {
            throw new ArgumentException($"'{endPoint}' is not a datagram endpoint; use StreamListener for {endPoint.Kind}", nameof(endPoint));
        }

        var socket = await SocketBinder.BindAsync(endPoint, options?.ReusePort ?? false, cancellationToken).ConfigureAwait(false);
        var local = endPoint.IsUnix ? endPoint : NetEndPoint.FromEndPoint(socket.LocalEndPoint!, endPoint.Kind);
        return new DatagramChannel(socket, local, remote: null, endPoint.IsUnix ? endPoint.Path : null);
    }

    /// <summary>Takes over a bound datagram socket (one systemd passed in); a Unix socket file is left to whoever bound it.</summary>
    internal static DatagramChannel Adopt(Socket socket)
    {
        if (socket.SocketType != SocketType.Dgram || socket.LocalEndPoint is null)
        {
            throw new ArgumentException($"an inherited {socket.SocketType} socket that is {(socket.LocalEndPoint is null ? "not bound" : "bound")} cannot be a datagram endpoint", nameof(socket));
        }

        var kind = socket.AddressFamily == AddressFamily.Unix ? TransportKind.UnixDatagram : TransportKind.Udp;
        return new DatagramChannel(socket, NetEndPoint.FromEndPoint(socket.LocalEndPoint, kind), remote: null, ownedPath: null);
    }

    /// <summary>Creates a client channel connected to <paramref name="remote"/>.</summary>
    /// <param name="remote">The server's <c>udp://</c> or <c>unixgram://</c> endpoint.</param>
    /// <param name="cancellationToken">Cancels name resolution.</param>
    /// <returns>The connected channel.</returns>
    /// <exception cref="Errors.HostNotFoundException">The host name does not resolve.</exception>
    public static async Task<DatagramChannel> ConnectAsync(NetEndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!remote.IsDatagram)
        {
            throw new ArgumentException($"'{remote}' is not a datagram endpoint", nameof(remote));
        }

        var address = (await remote.ResolveAsync(cancellationToken).ConfigureAwait(false))[0];
        var socket = SocketBinder.CreateSocket(address, stream: false);
        string? ownedPath = null;
        try
        {
            if (remote.IsUnix)
            {
                ownedPath = Path.Combine(Path.GetTempPath(), $"netwright-{Environment.ProcessId}-{Interlocked.Increment(ref s_clientPaths)}.sock");
                File.Delete(ownedPath);
                socket.Bind(new UnixDomainSocketEndPoint(ownedPath));
            }

            await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
            var local = remote.IsUnix ? NetEndPoint.UnixDatagram(ownedPath!) : NetEndPoint.FromEndPoint(socket.LocalEndPoint!, remote.Kind);
            return new DatagramChannel(socket, local, address, ownedPath);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            if (ownedPath is not null)
            {
                StreamListener.TryDelete(ownedPath);
            }

            throw SocketErrors.Translate(ex, "connect", remote.ToString());
        }
    }

    /// <summary>Receives one datagram from any sender into <paramref name="buffer"/>, reusing <paramref name="sender"/> for its address.</summary>
    /// <param name="buffer">Where the payload goes.</param>
    /// <param name="sender">Receives the sender's address; create one with <see cref="CreateAddressBuffer"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The payload length.</returns>
    public async ValueTask<int> ReceiveFromAsync(Memory<byte> buffer, SocketAddress sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        // The last receive shrank Size to that sender's address (a short Unix path); the socket refuses a
        // buffer smaller than the family's maximum, so give it the whole buffer again.
        sender.Size = sender.Buffer.Length;
        try
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, sender, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _datagramsReceived);
            return received;
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, "receive on", LocalEndPoint.ToString());
        }
    }

    /// <summary>Sends one datagram to <paramref name="recipient"/>.</summary>
    /// <param name="payload">The datagram.</param>
    /// <param name="recipient">The address, as filled in by <see cref="ReceiveFromAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the datagram is handed to the kernel.</returns>
    /// <remarks>
    /// On a channel served by the epoll engine the datagram is first offered to a direct non-blocking
    /// <c>sendto</c>, and the returned task is already complete. When the kernel cannot take it at once (a full
    /// socket buffer, EAGAIN) or refuses it, the send goes the .NET socket way, which waits for room or throws
    /// the same exception as the sockets engine: nothing is dropped silently.
    /// </remarks>
    public ValueTask SendToAsync(ReadOnlyMemory<byte> payload, SocketAddress recipient, CancellationToken cancellationToken = default)
    {
        if (_directSend && recipient is not null && !cancellationToken.IsCancellationRequested
            && DirectDatagramSender.TrySendTo(_socket, payload.Span, recipient))
        {
            Interlocked.Increment(ref _datagramsSent);
            return ValueTask.CompletedTask;
        }

        return SendToSocketAsync(payload, recipient!, cancellationToken);
    }

    /// <summary>Receives one datagram on a connected channel.</summary>
    /// <param name="buffer">Where the payload goes.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The payload length.</returns>
    /// <exception cref="Errors.ConnectionRefusedException">The peer's port is closed (ICMP port unreachable).</exception>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _datagramsReceived);
            return received;
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, "receive from", Describe());
        }
    }

    /// <summary>Sends one datagram on a connected channel.</summary>
    /// <param name="payload">The datagram.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the datagram is handed to the kernel.</returns>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            await _socket.SendAsync(payload, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _datagramsSent);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, "send to", Describe());
        }
    }

    /// <summary>Creates a reusable address buffer of the right family for <see cref="ReceiveFromAsync"/>.</summary>
    /// <returns>A new buffer.</returns>
    public SocketAddress CreateAddressBuffer() => new(_socket.AddressFamily, SocketAddress.GetMaximumAddressSize(_socket.AddressFamily));

    /// <summary>Closes the socket and removes a temporary Unix socket file. Idempotent.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_ownedPath is not null)
        {
            StreamListener.TryDelete(_ownedPath);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Gets the socket, for an engine that drives it directly.</summary>
    internal Socket Socket => _socket;

    /// <summary>Creates the receiver a server's loop drives, for the engine <paramref name="options"/> choose; epoll endpoints go to <paramref name="group"/>'s next reactor.</summary>
    /// <exception cref="PlatformNotSupportedException">The epoll engine is chosen and this is not Linux.</exception>
    internal IDatagramReceiver CreateReceiver(SocketTransportOptions options, ReactorGroup? group)
    {
        if (options.Engine != TransportEngine.Epoll)
        {
            return new SocketDatagramReceiver(this);
        }

        ArgumentNullException.ThrowIfNull(group);
        var receiver = new EpollDatagramReceiver(this, group.Next());
        UseDirectSend();
        return receiver;
    }

    /// <summary>Asks for a receive buffer of at least <paramref name="bytes"/> (0: leave it); the kernel caps it at its maximum, silently.</summary>
    internal void GrowReceiveBuffer(int bytes)
    {
        if (bytes > 0 && _socket.ReceiveBufferSize < bytes)
        {
            _socket.ReceiveBufferSize = bytes;
        }
    }

    /// <summary>Lets <see cref="SendToAsync"/> try a direct non-blocking <c>sendto</c> first (Linux, epoll engine).</summary>
    internal void UseDirectSend() => _directSend = OperatingSystem.IsLinux();

    /// <summary>Counts datagrams an engine received on this channel's socket without <see cref="ReceiveFromAsync"/>.</summary>
    internal void CountReceived(int count) => Interlocked.Add(ref _datagramsReceived, count);

    private async ValueTask SendToSocketAsync(ReadOnlyMemory<byte> payload, SocketAddress recipient, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendToAsync(payload, SocketFlags.None, recipient, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _datagramsSent);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, "send on", LocalEndPoint.ToString());
        }
    }

    private string Describe() => RemoteEndPoint is null ? LocalEndPoint.ToString() : NetEndPoint.Format(RemoteEndPoint);
}
