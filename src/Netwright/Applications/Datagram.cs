using System.Buffers;
using System.Net;
using System.Text;
using Netwright.Transport;

namespace Netwright.Applications;

/// <summary>
/// One received datagram and a way to answer its sender (socketserver's DatagramRequestHandler gives
/// <c>self.request = (data, socket)</c> and <c>client_address</c>).
/// </summary>
/// <remarks>
/// The server reuses this object for the next datagram: keep neither it nor <see cref="Data"/> after the
/// handler returns; copy what you need.
/// </remarks>
public sealed class Datagram
{
    private readonly DatagramChannel _channel;
    private readonly SocketAddress _sender;
    private EndPoint? _remoteEndPoint;

    internal Datagram(DatagramChannel channel, SocketAddress sender, CancellationToken cancellationToken)
    {
        _channel = channel;
        _sender = sender;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the payload.</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    /// <summary>Gets the payload decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public string Text => Encoding.UTF8.GetString(Data.Span);

    /// <summary>Gets the sender's address; null for an unbound Unix datagram sender, which cannot be answered.</summary>
    public EndPoint? RemoteEndPoint => _remoteEndPoint ??= CreateEndPoint();

    /// <summary>Gets whether the sender has an address a reply can go to.</summary>
    public bool CanReply => !LocalEndPoint.IsUnix || _sender.Size > 2;

    /// <summary>Gets the endpoint the datagram arrived on.</summary>
    public NetEndPoint LocalEndPoint => _channel.LocalEndPoint;

    /// <summary>Gets a token that fires when the server stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Sends <paramref name="payload"/> back to the sender as one datagram.</summary>
    /// <param name="payload">The reply.</param>
    /// <returns>A task that completes when the reply is handed to the kernel.</returns>
    /// <exception cref="InvalidOperationException">The sender has no address (<see cref="CanReply"/> is false).</exception>
    public ValueTask ReplyAsync(ReadOnlyMemory<byte> payload)
    {
        if (!CanReply)
        {
            throw new InvalidOperationException("the sender is an unbound Unix datagram socket and cannot be answered");
        }

        return _channel.SendToAsync(payload, _sender, CancellationToken);
    }

    /// <summary>Sends <paramref name="text"/>, encoded as UTF-8, back to the sender as one datagram.</summary>
    /// <param name="text">The reply.</param>
    /// <returns>A task that completes when the reply is handed to the kernel.</returns>
    public async ValueTask ReplyAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            await ReplyAsync(buffer.AsMemory(0, written)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal void Reset(ReadOnlyMemory<byte> data)
    {
        Data = data;
        _remoteEndPoint = null;
    }

    private EndPoint? CreateEndPoint()
    {
        if (!CanReply)
        {
            return null;
        }

        return LocalEndPoint.IsUnix
            ? new System.Net.Sockets.UnixDomainSocketEndPoint("/").Create(_sender)
            : new IPEndPoint(IPAddress.Any, 0).Create(_sender);
    }
}
