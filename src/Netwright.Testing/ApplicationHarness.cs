using Microsoft.Extensions.Logging;
using Netwright.Applications;
using Netwright.Clients;
using Netwright.Protocols;
using Netwright.Servers;

namespace Netwright.Testing;

/// <summary>
/// Runs a protocol or a connection handler the way a <see cref="NetServer"/> would, over in-memory connections
/// (Twisted's <c>StringTransport</c> and <c>iosim</c> shape): each <see cref="ConnectAsync"/> opens a connection
/// the test drives as the client, feeding bytes in any split and reading what the application wrote;
/// <see cref="ConnectPairAsync"/> and <see cref="ConnectClientAsync"/> run the test's own client code instead.
/// </summary>
/// <remarks>
/// <para>Start here for testing. Each accepted connection runs the application once, then is disposed, as a server
/// does; what an application throws is kept in <see cref="Failures"/> (a server would log it and close only that
/// connection). Time is a <see cref="TestTimeProvider"/>: it moves only when the test advances it.</para>
/// <code>
/// await using var harness = ApplicationHarness.For&lt;ShoutProtocol&gt;();
/// var client = await harness.ConnectAsync();
/// await client.PeerWriteChunksAsync(ByteSplits.OneByteAtATime("hello\n"u8.ToArray()));
/// Assert.Equal("HELLO", await client.PeerReadLineAsync());
/// </code>
/// </remarks>
public sealed class ApplicationHarness : IAsyncDisposable
{
    private readonly IConnectionApplication _application;
    private readonly InMemoryListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<Task> _runs = [];
    private readonly List<Exception> _failures = [];
    private readonly HashSet<InMemoryConnection> _open = [];
    private readonly List<InMemoryConnectionPair> _pairs = [];
    private readonly Task _acceptLoop;
    private int _disposed;

    /// <summary>Creates a harness that runs <paramref name="application"/> on every connection.</summary>
    /// <param name="application">A <see cref="ProtocolFactory"/>, a <see cref="ConnectionHandler"/> or any other application.</param>
    /// <param name="options">The options the application sees; null for the defaults.</param>
    /// <param name="time">The clock; null for a new <see cref="TestTimeProvider"/>.</param>
    /// <param name="loggerFactory">Where the application logs; null for nowhere.</param>
    public ApplicationHarness(IConnectionApplication application, NetServerOptions? options = null, TestTimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        _application = application;
        Time = time ?? new TestTimeProvider();
        Context = new ServerContext(options ?? new NetServerOptions(), loggerFactory, Time, _stopping.Token);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Gets the clock the application runs on.</summary>
    public TestTimeProvider Time { get; }

    /// <summary>Gets the context the application runs in.</summary>
    public ServerContext Context { get; }

    /// <summary>Gets the exceptions applications ended with so far, in order.</summary>
    public IReadOnlyList<Exception> Failures
    {
        get
        {
            lock (_lock)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Creates a harness for an event-style protocol with a parameterless constructor.</summary>
    /// <typeparam name="TProtocol">The protocol type; one instance per connection.</typeparam>
    /// <param name="options">The options the protocol sees; null for the defaults.</param>
    /// <param name="time">The clock; null for a new <see cref="TestTimeProvider"/>.</param>
    /// <returns>The harness.</returns>
    public static ApplicationHarness For<TProtocol>(NetServerOptions? options = null, TestTimeProvider? time = null)
        where TProtocol : Protocol, new() => new(ProtocolFactory.For<TProtocol>(), options, time);

    /// <summary>Opens a connection to the application.</summary>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connection; play the client with its <c>Peer…</c> methods.</returns>
    public ValueTask<InMemoryConnection> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _listener.ConnectAsync(cancellationToken);
    }

    /// <summary>Opens an in-memory pair to the application: it runs on the server end; the client end is the test's.</summary>
    /// <param name="split">How each write is cut before the other end reads it (for example <see cref="ByteSplits.OneByteAtATime"/>); null passes writes whole.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The pair; run client code (a <see cref="Streams.StreamSession"/>, a client protocol) on <see cref="InMemoryConnectionPair.Client"/> and dispose it when done.</returns>
    public async ValueTask<InMemoryConnectionPair> ConnectPairAsync(Func<byte[], IEnumerable<byte[]>>? split = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var pair = await _listener.ConnectPairAsync(split, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _pairs.Add(pair);
        }

        return pair;
    }

    /// <summary>Connects an event-style client protocol to the application over an in-memory pair, as <see cref="ProtocolConnector"/> does over a socket; the client's timers run on <see cref="Time"/> too.</summary>
    /// <param name="client">The client protocol; its <see cref="Protocol.OnConnected"/> runs before this returns.</param>
    /// <param name="split">How each write is cut before the other end reads it; null passes writes whole.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The running client; its <see cref="ProtocolConnection.Completion"/> ends when the connection is lost.</returns>
    public async ValueTask<ProtocolConnection> ConnectClientAsync(Protocol client, Func<byte[], IEnumerable<byte[]>>? split = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pair = await ConnectPairAsync(split, cancellationToken).ConfigureAwait(false);
        return ProtocolConnector.Start(pair.Client, client, Context.Options.Transport, Time);
    }

    /// <summary>Begins a graceful stop (<see cref="ServerContext.Stopping"/> fires) and waits for every application to end.</summary>
    /// <param name="cancellationToken">Cancels the wait; the applications keep running.</param>
    /// <returns>A task that completes when every connection's application has returned.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _acceptLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task[] runs;
        lock (_lock)
        {
            runs = [.. _runs];
        }

        await Task.WhenAll(runs).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops without grace: aborts every connection still open and waits for the applications to end.</summary>
    /// <returns>A task that completes when everything has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Abort before signalling Stopping: applications that watch it would otherwise start a graceful close first.
        AbortOpenConnections();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);
        Task[] runs;
        lock (_lock)
        {
            runs = [.. _runs];
        }

        AbortOpenConnections();

        await Task.WhenAll(runs).ConfigureAwait(false);
        InMemoryConnectionPair[] pairs;
        lock (_lock)
        {
            pairs = [.. _pairs];
        }

        // Each server end is aborted by now, which resets its client end, so every pair's pumps stop.
        await Task.WhenAll(pairs.Select(p => p.Completion)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void AbortOpenConnections()
    {
        lock (_lock)
        {
            foreach (var connection in _open)
            {
                connection.Abort();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (await _listener.AcceptAsync().ConfigureAwait(false) is InMemoryConnection connection)
        {
            lock (_lock)
            {
                _open.Add(connection);
                _runs.Add(RunAsync(connection));
            }
        }
    }

    private async Task RunAsync(InMemoryConnection connection)
    {
        // Off the accept loop, as a server starts each connection on the thread pool.
        await Task.Yield();
        try
        {
            await _application.RunAsync(connection, Context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                _failures.Add(ex);
            }

            connection.Abort(ex);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            lock (_lock)
            {
                _open.Remove(connection);
            }
        }
    }
}
