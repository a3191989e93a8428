using Netwright.Applications;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Streams;

/// <summary>
/// The base of every stream suite: its hooks create a server on the suite's transport and connect plain
/// client sockets to it. Each suite is written once and run by one subclass per transport (TCP, Unix).
/// </summary>
public abstract class StreamSuite : IAsyncLifetime
{
    private readonly List<NetServer> _servers = [];
    private readonly CancellationTokenSource _testTimeout = new(Timeouts.Test);
    private readonly List<LineClient> _clients = [];

    protected StreamSuite(StreamTransport transport) => Transport = transport;

    /// <summary>Gets the transport this run of the suite uses.</summary>
    protected StreamTransport Transport { get; }

    /// <summary>Gets the clock the services run on.</summary>
    protected LoopbackClock Clock { get; } = new();

    /// <summary>Gets what the servers logged.</summary>
    protected RecordingLoggerFactory Logs { get; } = new();

    /// <summary>Gets a token that fires when the test has run too long.</summary>
    protected CancellationToken Token => _testTimeout.Token;

    /// <summary>The reply the timestamp service gives to <paramref name="text"/> with the suite's clock.</summary>
    /// <param name="text">The message.</param>
    /// <returns>The expected line.</returns>
    protected static string Stamped(string text) => $"[{LoopbackClock.DefaultCTime}] {text}";

    /// <summary>Hook: starts a server on a fresh endpoint of the transport, running <paramref name="application"/>.</summary>
    /// <param name="application">What serves each connection.</param>
    /// <param name="options">Server options; null for the defaults.</param>
    /// <returns>The started server; the suite stops it after the test.</returns>
    protected async Task<NetServer> CreateServerAsync(IConnectionApplication application, NetServerOptions? options = null, TimeProvider? serverClock = null)
    {
        options ??= new NetServerOptions();
        options.Transport.Engine = Transport.Engine;
        var server = new NetServer(options, Logs, timeProvider: serverClock);
        _servers.Add(server);
        server.Listen(Transport.CreateEndpoint(), application);
        await server.StartAsync(Token).WithTimeout();
        return server;
    }

    /// <summary>Starts a server hosting a ready service in the given style.</summary>
    /// <param name="service">The service.</param>
    /// <param name="style">The style.</param>
    /// <param name="options">Server options; null for the defaults.</param>
    /// <returns>The started server.</returns>
    /// <param name="serverClock">The server's own clock (its timeouts); null for the system clock.</param>
    protected Task<NetServer> CreateServerAsync(ServiceDefinition service, ServiceStyle style, NetServerOptions? options = null, TimeProvider? serverClock = null) =>
        CreateServerAsync(service.CreateStreamApplication(style, Clock), options, serverClock);

    /// <summary>Hook: connects a new plain client to the server's first endpoint.</summary>
    /// <param name="server">The server.</param>
    /// <returns>The client; the suite disposes it after the test.</returns>
    protected Task<LineClient> ConnectAsync(NetServer server) => ConnectAsync(server.EndPoints[0]);

    /// <summary>Connects a new plain client to an endpoint.</summary>
    /// <param name="endpoint">A bound endpoint.</param>
    /// <returns>The client.</returns>
    protected async Task<LineClient> ConnectAsync(NetEndPoint endpoint)
    {
        var client = new LineClient(await Transport.ConnectAsync(endpoint, Token), Token);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var client in _clients)
            {
                await client.DisposeAsync();
            }

            foreach (var server in _servers)
            {
                await server.DisposeAsync().WithTimeout();
            }
        }
        finally
        {
            Transport.Dispose();
            _testTimeout.Dispose();
        }
    }
}
