using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netwright.Applications;
using Netwright.Diagnostics;
using Netwright.Servers.Internal;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.Servers;

/// <summary>
/// The engine: one server that listens on any number of TCP, Unix, UDP and Unix datagram endpoints and
/// runs an application on each connection or datagram.
/// </summary>
/// <remarks>
/// <para>Start here for servers. socketserver's class diagram (BaseServer → TCPServer/UDPServer/Unix*,
/// times ForkingMixIn/ThreadingMixIn) collapses into this one class: transports are endpoints, concurrency
/// is always asynchronous, and the per-connection code is a <see cref="ConnectionHandler"/>,
/// a <see cref="DatagramHandler"/>, or an event-style protocol factory.</para>
/// <code>
/// await using var server = new NetServer();
/// server.Listen(NetEndPoint.Parse("tcp://127.0.0.1:0"), new EchoHandler());
/// await server.StartAsync();
/// Console.WriteLine(server.EndPoints[0]);   // the real port
/// await server.StopAsync();                 // graceful
/// </code>
/// <para>A handler that throws closes only its own connection; the error is logged and the server keeps
/// serving. <see cref="StopAsync"/> stops accepting, signals <see cref="ServerContext.Stopping"/>, waits
/// for connections to finish, and aborts what is left when the grace period ends.</para>
/// </remarks>
public sealed partial class NetServer : IAsyncDisposable
{
    private readonly List<Binding> _bindings = [];
    // Many locks: the accept loop adds while every closing connection removes, and on a busy machine a thread preempted
    // while holding one of the default two locks stalled the others (seen under connect-then-reset floods).
    private readonly ConcurrentDictionary<Connection, ConnectionEntry> _connections = new(concurrencyLevel: 64, capacity: 64);
    private readonly CancellationTokenSource _stopping = new();
    private readonly NetwrightMetrics _metrics;
    private readonly bool _ownsMetrics;
    private readonly ILogger _logger;

    // Counted apart from _connections: ConcurrentDictionary.Count takes every lock, and the accept loop reads it per connection.
    private int _openConnections;

    // Accepted connections whose start is still queued on the thread pool; see AcceptLoopAsync.
    private readonly SemaphoreSlim _startSlots = new(MaxPendingStarts, MaxPendingStarts);
    private readonly List<Task> _loops = [];
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AddressGate _gate;
    private ConnectionMonitor? _monitor;
    private int _state; // a ServerState; an int so that Volatile and Interlocked can work on it
    private ReactorGroup? _ownedReactors;

    /// <summary>Creates a server; add endpoints with <see cref="Listen(NetEndPoint, IConnectionApplication)"/> (or its datagram and TLS forms), then start it.</summary>
    /// <param name="options">Limits and timeouts; null for the defaults. Not to be changed after start.</param>
    /// <param name="loggerFactory">Where logs go; null for none.</param>
    /// <param name="metrics">Shared instruments; null creates a set for this server.</param>
    /// <param name="timeProvider">The clock for idle timeouts; null for the system clock.</param>
    public NetServer(NetServerOptions? options = null, ILoggerFactory? loggerFactory = null, NetwrightMetrics? metrics = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new NetServerOptions();
        Options.Validate();
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<NetServer>();
        _ownsMetrics = metrics is null;
        _metrics = metrics ?? new NetwrightMetrics();
        Context = new ServerContext(Options, factory, timeProvider ?? TimeProvider.System, _stopping.Token) { Metrics = _metrics };
        _gate = new AddressGate(Options.AccessControl, Context.TimeProvider);
    }

    /// <summary>Gets the options this server runs with.</summary>
    public NetServerOptions Options { get; }

    /// <summary>Gets what the server shares with its applications.</summary>
    public ServerContext Context { get; }

    /// <summary>Gets the endpoints actually bound, in the order they were added; empty before <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<NetEndPoint> EndPoints
    {
        get
        {
            // A loop rather than LINQ: `netwright serve` reads this for its ready line, and each generic LINQ iterator
            // it would instantiate is start-up work before the server is ready (bench/startup).
            var bound = new List<NetEndPoint>(_bindings.Count);
            foreach (var binding in _bindings)
            {
                if (binding.Bound is { } endPoint)
                {
                    bound.Add(endPoint);
                }
            }

            return bound.ToArray();
        }
    }

    /// <summary>Gets the number of stream connections open now.</summary>
    public int ConnectionCount => Volatile.Read(ref _openConnections);

    /// <summary>Adds a stream endpoint (TCP or Unix) served by <paramref name="application"/>.</summary>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="application">What runs on each connection.</param>
    /// <returns>This server, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public NetServer Listen(NetEndPoint endPoint, IConnectionApplication application)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(application);
        if (!endPoint.IsStream)
        {
            throw new ArgumentException($"'{endPoint}' is a datagram endpoint; pass an IDatagramApplication", nameof(endPoint));
        }

        return Add(new Binding(endPoint, application, null));
    }

    /// <summary>Adds a TLS endpoint: a stream endpoint (TCP or Unix) whose connections run the TLS handshake, then <paramref name="application"/> over TLS.</summary>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="application">What runs on each connection once the handshake is done; it sees decrypted bytes.</param>
    /// <param name="tls">The certificate and the rest; see <see cref="TlsServerOptions"/>.</param>
    /// <returns>This server, for chaining.</returns>
    /// <exception cref="ArgumentException">The options have no certificate, or the endpoint is a datagram endpoint.</exception>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public NetServer Listen(NetEndPoint endPoint, IConnectionApplication application, TlsServerOptions tls)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(tls);
        // Built now, so a missing key or a bad certificate fails here rather than on the first client.
        _ = tls.Authenticator;
        return Listen(endPoint, new TlsApplication(application, tls));
    }

    /// <summary>Adds a datagram endpoint (UDP or Unix datagram) served by <paramref name="application"/>.</summary>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="application">What runs on each datagram.</param>
    /// <returns>This server, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public NetServer Listen(NetEndPoint endPoint, IDatagramApplication application)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(application);
        if (!endPoint.IsDatagram)
        {
            throw new ArgumentException($"'{endPoint}' is a stream endpoint; pass an IConnectionApplication", nameof(endPoint));
        }

        return Add(new Binding(endPoint, null, application));
    }

    /// <summary>
    /// Adds a stream socket (TCP or Unix) that is already bound, such as one systemd passes in with socket activation
    /// (<c>LISTEN_FDS</c>). The server takes ownership and closes it when it stops; a Unix socket file is left in place.
    /// </summary>
    /// <param name="socket">The bound (usually listening) stream socket.</param>
    /// <param name="application">What runs on each connection.</param>
    /// <returns>This server, for chaining.</returns>
    /// <exception cref="ArgumentException">The socket is not a bound stream socket.</exception>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public NetServer Listen(System.Net.Sockets.Socket socket, IConnectionApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return Add(new Binding(InheritedEndpoint(socket, System.Net.Sockets.SocketType.Stream), application, null, socket));
    }

    /// <summary>Adds a stream socket that is already bound (see <see cref="Listen(System.Net.Sockets.Socket, IConnectionApplication)"/>) whose connections run the TLS handshake first.</summary>
    /// <param name="socket">The bound (usually listening) stream socket.</param>
    /// <param name="application">What runs on each connection once the handshake is done.</param>
    /// <param name="tls">The certificate and the rest.</param>
    /// <returns>This server, for chaining.</returns>
    /// <exception cref="ArgumentException">The socket is not a bound stream socket, or the options have no certificate.</exception>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public NetServer Listen(System.Net.Sockets.Socket socket, IConnectionApplication application, TlsServerOptions tls)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(tls);
        _ = tls.Authenticator;
        return Listen(socket, new TlsApplication(application, tls));
    }

    /// <summary>Adds a datagram socket (UDP or Unix datagram) that is already bound, such as one systemd passes in; the server takes ownership.</summary>
    /// <param name="socket">The bound datagram socket.</param>
    /// <param name="application">What runs on each datagram.</param>
    /// <returns>This server, for chaining.</returns>
    /// <exception cref="ArgumentException">The socket is not a bound datagram socket.</exception>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public NetServer Listen(System.Net.Sockets.Socket socket, IDatagramApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return Add(new Binding(InheritedEndpoint(socket, System.Net.Sockets.SocketType.Dgram), null, application, socket));
    }

    private static NetEndPoint InheritedEndpoint(System.Net.Sockets.Socket socket, System.Net.Sockets.SocketType expected)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != expected || socket.LocalEndPoint is not { } local)
        {
            throw new ArgumentException($"expected a bound {expected} socket, got a{(socket.LocalEndPoint is null ? "n unbound" : "")} {socket.SocketType} socket", nameof(socket));
        }

        var unix = socket.AddressFamily == System.Net.Sockets.AddressFamily.Unix;
        var kind = expected == System.Net.Sockets.SocketType.Stream
            ? (unix ? TransportKind.Unix : TransportKind.Tcp)
            : (unix ? TransportKind.UnixDatagram : TransportKind.Udp);
        return NetEndPoint.FromEndPoint(local, kind);
    }

    /// <summary>Binds every endpoint and starts serving. If any bind fails, the ones already bound are released.</summary>
    /// <param name="cancellationToken">Cancels binding.</param>
    /// <returns>A task that completes once every endpoint is bound.</returns>
    /// <exception cref="Errors.AddressInUseException">An address is taken.</exception>
    /// <exception cref="Errors.NetwrightException">An address cannot be bound.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!TryMove(ServerState.New, ServerState.Started))
        {
            throw new InvalidOperationException("the server has already been started");
        }

        if (_bindings.Count == 0)
        {
            throw new InvalidOperationException("no endpoints: call Listen before StartAsync");
        }

        try
        {
            var reactors = ReactorsFor(Options.Transport);
            foreach (var binding in _bindings)
            {
                await binding.BindAsync(Options.Transport, reactors, cancellationToken).ConfigureAwait(false);
                binding.Tags = Tags(binding);
                NetwrightLog.ListenerStarted(_logger, binding.Bound!.ToString());
            }
        }
        catch
        {
            foreach (var binding in _bindings)
            {
                await binding.ReleaseAfterFailedStartAsync().ConfigureAwait(false);
            }

            MoveTo(ServerState.Stopped);
            _drained.TrySetResult();
            await StopReactorsAsync().ConfigureAwait(false);
            throw;
        }

        foreach (var binding in _bindings)
        {
            _loops.Add(binding.Listener is not null ? AcceptLoopAsync(binding) : StartDatagramLoop(binding));
        }

        if (ConnectionMonitor.IsNeeded(Options))
        {
            _monitor = new ConnectionMonitor(Options, Context.TimeProvider, _connections, _logger, Context.LogLimiter);
        }
    }

    /// <summary>Starts the server, runs until <paramref name="cancellationToken"/> fires, then stops gracefully within <see cref="NetServerOptions.ShutdownTimeout"/>.</summary>
    /// <param name="cancellationToken">Fires to stop (Ctrl+C in the command).</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The normal way to end a run.
        }

        using var grace = new CancellationTokenSource(Options.ShutdownTimeout, Context.TimeProvider);
        await StopAsync(grace.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops gracefully: unbinds every endpoint, fires <see cref="ServerContext.Stopping"/>, waits for open
    /// connections to end until <paramref name="cancellationToken"/> fires, then aborts the rest. Idempotent.
    /// </summary>
    /// <param name="cancellationToken">The end of the grace period; <c>default</c> waits for connections indefinitely.</param>
    /// <returns>A task that completes when every connection and loop has ended.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!TryMove(ServerState.Started, ServerState.Stopping))
        {
            await WhenStoppedAsync().ConfigureAwait(false);
            return;
        }

        foreach (var binding in _bindings)
        {
            await binding.UnbindAsync().ConfigureAwait(false);
            NetwrightLog.ListenerStopped(_logger, binding.Bound!.ToString());
        }

        _stopping.Cancel();
        NetwrightLog.Stopping(_logger, _connections.Count);
        if (_connections.IsEmpty)
        {
            _drained.TrySetResult();
        }

        try
        {
            await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            NetwrightLog.AbortingConnections(_logger, _connections.Count);
            foreach (var connection in _connections.Keys)
            {
                connection.Abort(new Errors.ConnectionAbortedException("the server stopped"));
            }
        }

        await WhenStoppedAsync().ConfigureAwait(false);
    }

    /// <summary>Stops with no grace period: open connections are aborted at once. Idempotent.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (State == ServerState.Started)
        {
            await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        }

        await WhenStoppedAsync().ConfigureAwait(false);
        if (MoveTo(ServerState.Stopped) != ServerState.Stopped)
        {
            _monitor?.Dispose();
            _stopping.Dispose();
            if (_ownsMetrics)
            {
                _metrics.Dispose();
            }
        }
    }

    private async Task WhenStoppedAsync()
    {
        if (State < ServerState.Stopping)
        {
            return;
        }

        await _drained.Task.ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _monitor?.Dispose();
        await StopReactorsAsync().ConfigureAwait(false);
    }

    private ServerState State => (ServerState)Volatile.Read(ref _state);

    private bool TryMove(ServerState from, ServerState to) => Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    /// <summary>Moves to <paramref name="to"/> and returns the state before.</summary>
    private ServerState MoveTo(ServerState to) => (ServerState)Interlocked.Exchange(ref _state, (int)to);

    /// <summary>The reactor group the epoll engine serves on: the one the options share, or one of this server's own.</summary>
    private ReactorGroup? ReactorsFor(SocketTransportOptions transport)
    {
        if (transport.Engine != TransportEngine.Epoll || !OperatingSystem.IsLinux())
        {
            return null;
        }

        return transport.ReactorGroup ?? (_ownedReactors = new ReactorGroup(transport.Reactors));
    }

    /// <summary>Stops and joins this server's own reactors, once nothing is registered with them; a shared group is left running.</summary>
    private ValueTask StopReactorsAsync() => _ownedReactors?.DisposeAsync() ?? ValueTask.CompletedTask;

    private NetServer Add(Binding binding)
    {
        if (State != ServerState.New)
        {
            throw new InvalidOperationException("endpoints must be added before the server starts");
        }

        _bindings.Add(binding);
        return this;
    }
}
