using System.Net;
using Netwright.Transport;

namespace Netwright.Testing;

/// <summary>
/// A client connection and a server connection joined in memory (Twisted's loopback and <c>iosim</c>, Bedrock's
/// memory transport): what one end's application writes, the other end's application reads. Run a
/// <see cref="Protocols.Protocol"/>, a <see cref="Servers.ConnectionHandler"/> or a <see cref="Streams.StreamSession"/>
/// on either end, with no sockets.
/// </summary>
/// <remarks>
/// <para>Two pumps carry the bytes, as a socket's loops would, and cut them as <c>split</c> says (for example
/// <see cref="ByteSplits.OneByteAtATime"/>), so each side's reader sees the pieces the network could deliver.
/// What crosses behaves as over TCP: completing an end's <c>Transport.Output</c> is a FIN (a half-close: the other
/// end reads the bytes, then the end of its input, and may still reply); <see cref="Connection.Abort"/> is a reset
/// (the other end's reads fail with <see cref="Errors.ConnectionResetException"/> and its
/// <see cref="Connection.ConnectionClosed"/> fires); bytes sent to an end that has closed reset the sender, as a
/// TCP stack answers data that arrives after close with RST (RFC 1122, section 4.2.2.13).</para>
/// <para>Each end is owned by whoever runs it: dispose both (or let the application's runner do it), or dispose the pair.</para>
/// </remarks>
public sealed class InMemoryConnectionPair : IAsyncDisposable
{
    private readonly InMemoryConnection _client;
    private readonly InMemoryConnection _server;
    private readonly Func<byte[], IEnumerable<byte[]>> _split;

    /// <summary>Creates a connected pair and starts moving bytes between its ends.</summary>
    /// <param name="split">How the bytes of each write are cut before the other end reads them; null passes them whole.</param>
    /// <param name="clientEndPoint">The client end's address; default 127.0.0.1:50000.</param>
    /// <param name="serverEndPoint">The server end's address; default 127.0.0.1:7000.</param>
    public InMemoryConnectionPair(Func<byte[], IEnumerable<byte[]>>? split = null, EndPoint? clientEndPoint = null, EndPoint? serverEndPoint = null)
    {
        clientEndPoint ??= new IPEndPoint(IPAddress.Loopback, 50000);
        serverEndPoint ??= new IPEndPoint(IPAddress.Loopback, 7000);
        _split = split ?? (static bytes => [bytes]);
        _client = new InMemoryConnection(clientEndPoint, serverEndPoint);
        _server = new InMemoryConnection(serverEndPoint, clientEndPoint);
        Completion = Task.WhenAll(PumpAsync(_client, _server), PumpAsync(_server, _client));
    }

    /// <summary>Gets the client end: its remote address is the server end's local one.</summary>
    public Connection Client => _client;

    /// <summary>Gets the server end: what a listener accepts.</summary>
    public Connection Server => _server;

    /// <summary>Gets a task that completes once nothing more can cross in either direction (both ends closed or aborted).</summary>
    public Task Completion { get; }

    internal InMemoryConnection ServerEnd => _server;

    /// <summary>Disposes both ends (each sees the other's FIN first if it was still open) and waits for the pumps to stop.</summary>
    /// <returns>A task that completes when the pair is idle.</returns>
    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
    }

    private async Task PumpAsync(InMemoryConnection from, InMemoryConnection to)
    {
        // Off the constructor's thread, as a socket's loops run on their own.
        await Task.Yield();
        while (await from.PeerReadSomeAsync().ConfigureAwait(false) is { Length: > 0 } bytes && !from.IsAborted)
        {
            foreach (var chunk in _split(bytes))
            {
                if (!await to.PeerWriteAsync(chunk).ConfigureAwait(false))
                {
                    // The receiver is gone. If it closed (an abort is reported by the other pump), the sender is reset:
                    // TCP answers data that arrives after close with RST (RFC 1122, section 4.2.2.13).
                    if (!to.IsAborted)
                    {
                        from.PeerReset();
                    }

                    return;
                }
            }
        }

        if (from.IsAborted)
        {
            to.PeerReset();
        }
        else
        {
            to.PeerEndOfStream();
        }
    }
}
