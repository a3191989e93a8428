using System.IO.Pipelines;
using System.Net;

namespace Netwright.Transport;

/// <summary>
/// One established stream connection (TCP or Unix), seen as a pair of pipes.
/// </summary>
/// <remarks>
/// Start here for the transport layer. Application code reads what the peer sent from
/// <see cref="System.IO.Pipelines.IDuplexPipe.Input">Transport.Input</see> and writes replies to <see cref="System.IO.Pipelines.IDuplexPipe.Output">Transport.Output</see>; the connection's own loops move
/// bytes between the pipes and the socket. Completing <see cref="System.IO.Pipelines.IDuplexPipe.Output">Transport.Output</see> sends a FIN after the
/// pending bytes; <see cref="Abort"/> drops the connection at once. The object owns its socket:
/// <see cref="DisposeAsync"/> completes both pipes, waits for the loops and closes the socket.
/// All members are safe to call from any thread, but each pipe half has one reader and one writer at a time.
/// </remarks>
public abstract class Connection : IAsyncDisposable
{
    /// <summary>Gets a short id, unique in this process and increasing, used in logs (for example <c>c42</c>).</summary>
    public abstract string Id { get; }

    /// <summary>Gets the transport this connection runs over.</summary>
    public abstract TransportKind Kind { get; }

    /// <summary>Gets the pipes: <see cref="System.IO.Pipelines.IDuplexPipe.Input"/> holds received bytes, <see cref="System.IO.Pipelines.IDuplexPipe.Output"/> takes bytes to send.</summary>
    public abstract IDuplexPipe Transport { get; }

    /// <summary>Gets this side's address (Python's <c>getsockname()</c>); may be null for an unnamed Unix socket.</summary>
    public abstract EndPoint? LocalEndPoint { get; }

    /// <summary>Gets the peer's address (Python's <c>getpeername()</c>); may be null for an unnamed Unix socket.</summary>
    public abstract EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets a token that fires once the connection is closed, reset or aborted, so handlers see the peer leave; the peer's clean FIN (a half-close) is the end of <see cref="Transport"/>'s input instead, and replies can still be sent.</summary>
    public abstract CancellationToken ConnectionClosed { get; }

    /// <summary>Gets the number of bytes received so far.</summary>
    public abstract long BytesReceived { get; }

    /// <summary>Gets the number of bytes sent so far.</summary>
    public abstract long BytesSent { get; }

    /// <summary>
    /// Gets whether bytes are waiting to be sent and the socket takes none right now (its send buffer is full): the
    /// state in which a server's write timeout runs. False on connections that do not track it.
    /// </summary>
    internal virtual bool IsSendBlocked => false;

    /// <summary>Closes the connection at once without waiting for pending writes. Never throws; later calls do nothing.</summary>
    /// <param name="reason">Why, passed to the pipes' readers and writers as the error; null means a plain abort.</param>
    public abstract void Abort(Exception? reason = null);

    /// <summary>Completes both pipes, waits for the socket loops to end, then closes the socket. Idempotent.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public abstract ValueTask DisposeAsync();
}
