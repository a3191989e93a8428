using System.Net;
using System.Threading.Channels;
using Netwright.Transport;

namespace Netwright.Testing;

/// <summary>
/// A listener without sockets (Kestrel's in-memory transport, Bedrock's memory transport) that hands out connections
/// two ways: <see cref="ConnectPairAsync"/> opens an <see cref="InMemoryConnectionPair"/>, queues its server end for
/// <see cref="AcceptAsync"/> and returns the pair, so client code runs on its client end; <see cref="ConnectAsync"/>
/// queues one <see cref="InMemoryConnection"/> whose client side the test plays itself through its <c>Peer…</c> methods.
/// </summary>
/// <remarks>The accept queue is a bounded <see cref="Channel{T}"/>: a connect waits while the backlog is full. Thread-safe.</remarks>
public sealed class InMemoryListener : IAsyncDisposable
{
    private readonly Channel<InMemoryConnection> _backlog;
    private int _nextPort = 50000;

    /// <summary>Creates a listener.</summary>
    /// <param name="backlog">How many connections may wait to be accepted; default 128.</param>
    /// <param name="endPoint">The address connections report as their local one; default 127.0.0.1:7000.</param>
    public InMemoryListener(int backlog = 128, EndPoint? endPoint = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(backlog, 1);
        _backlog = Channel.CreateBounded<InMemoryConnection>(new BoundedChannelOptions(backlog) { SingleReader = false });
        EndPoint = endPoint ?? new IPEndPoint(IPAddress.Loopback, 7000);
    }

    /// <summary>Gets the address the listener stands for.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>Connects a new client: queues the connection for <see cref="AcceptAsync"/> and returns it.</summary>
    /// <param name="cancellationToken">Cancels the wait for room in the backlog.</param>
    /// <returns>The connection; the test drives the client side with its <c>Peer…</c> methods.</returns>
    /// <exception cref="InvalidOperationException">The listener has been disposed.</exception>
    public async ValueTask<InMemoryConnection> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var connection = new InMemoryConnection(EndPoint, NextClientEndPoint());
        await EnqueueAsync(connection, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Connects a new in-memory pair: queues its server end for <see cref="AcceptAsync"/> and returns the pair.</summary>
    /// <param name="split">How each write is cut before the other end reads it; null passes writes whole.</param>
    /// <param name="cancellationToken">Cancels the wait for room in the backlog.</param>
    /// <returns>The pair; run the client on <see cref="InMemoryConnectionPair.Client"/>.</returns>
    /// <exception cref="InvalidOperationException">The listener has been disposed.</exception>
    public async ValueTask<InMemoryConnectionPair> ConnectPairAsync(Func<byte[], IEnumerable<byte[]>>? split = null, CancellationToken cancellationToken = default)
    {
        var pair = new InMemoryConnectionPair(split, NextClientEndPoint(), EndPoint);
        try
        {
            await EnqueueAsync(pair.ServerEnd, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await pair.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return pair;
    }

    /// <summary>Waits for the next connection.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The connection, or null once the listener is disposed and the backlog is empty.</returns>
    public async ValueTask<Connection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (await _backlog.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_backlog.Reader.TryRead(out var connection))
            {
                return connection;
            }
        }

        return null;
    }

    /// <summary>Stops accepting: later connects throw, and <see cref="AcceptAsync"/> returns null once the backlog is drained.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        _backlog.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private IPEndPoint NextClientEndPoint() => new(IPAddress.Loopback, Interlocked.Increment(ref _nextPort));

    private async ValueTask EnqueueAsync(InMemoryConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await _backlog.Writer.WriteAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException("the listener has been disposed", ex);
        }
    }
}
