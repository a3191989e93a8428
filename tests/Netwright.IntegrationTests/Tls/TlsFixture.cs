using System.Net.Sockets;
using Netwright.Applications;
using Netwright.Clients;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Tls;

/// <summary>Servers with TLS listeners on loopback TCP or in a private directory for Unix sockets, and TLS clients for them; all stopped after the test.</summary>
public abstract class TlsFixture : IAsyncLifetime
{
    private readonly List<NetServer> _servers = [];
    private readonly List<IAsyncDisposable> _clients = [];
    private readonly CancellationTokenSource _testTimeout = new(Timeouts.Test);
    private readonly LoopbackDirectory _directory = new();
    private readonly System.Threading.Channels.Channel<Connection> _closed = System.Threading.Channels.Channel.CreateUnbounded<Connection>();

    /// <summary>Gets what the servers logged.</summary>
    protected RecordingLoggerFactory Logs { get; } = new();

    /// <summary>Gets the clock the services run on.</summary>
    protected LoopbackClock Clock { get; } = new();

    /// <summary>Gets a token that fires when the test has run too long.</summary>
    protected CancellationToken Token => _testTimeout.Token;

    protected async Task<NetServer> StartAsync(IConnectionApplication application, TlsServerOptions? tls, string transport = "tcp", TransportEngine engine = TransportEngine.Sockets, TimeProvider? serverClock = null)
    {
        var options = new NetServerOptions { Transport = { Engine = engine }, ConnectionClosed = connection => _closed.Writer.TryWrite(connection) };
        var server = new NetServer(options, Logs, timeProvider: serverClock);
        _servers.Add(server);
        var endpoint = transport == "unix" ? NetEndPoint.Unix(_directory.File($"s{_servers.Count}.sock")) : NetEndPoint.Tcp("127.0.0.1", 0);
        if (tls is null)
        {
            server.Listen(endpoint, application);
        }
        else
        {
            server.Listen(endpoint, application, tls);
        }

        await server.StartAsync(Token).WithTimeout();
        return server;
    }

    protected Task<NetServer> StartAsync(ServiceDefinition service, ServiceStyle style, TlsServerOptions? tls, string transport = "tcp", TransportEngine engine = TransportEngine.Sockets, TimeProvider? serverClock = null) =>
        StartAsync(service.CreateStreamApplication(style, Clock), tls, transport, engine, serverClock);

    protected async Task<TlsConnection> ConnectTlsAsync(NetServer server, TlsClientOptions? options = null)
    {
        var endpoint = server.EndPoints[0];
        options ??= TestCertificates.ClientOptions();
        if (endpoint.IsUnix)
        {
            options.ServerName ??= "localhost";
        }

        var connection = await NetClient.ConnectTlsAsync(endpoint, options, cancellationToken: Token).WithTimeout();
        _clients.Add(connection);
        return connection;
    }

    protected async Task<Connection> ConnectPlainAsync(NetServer server)
    {
        var connection = await NetClient.ConnectAsync(server.EndPoints[0], cancellationToken: Token).WithTimeout();
        _clients.Add(connection);
        return connection;
    }

    protected async Task<Socket> ConnectSocketAsync(NetServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync((await server.EndPoints[0].ResolveAsync(Token))[0], Token).AsTask().WithTimeout();
        _clients.Add(new SocketCloser(socket));
        return socket;
    }

    /// <summary>Sends a line and reads the reply over a TLS connection, as a well-behaved client does.</summary>
    protected async Task<string?> AskAsync(Connection connection, string line)
    {
        using var session = new Netwright.Streams.StreamSession(connection);
        await session.WriteLineAsync(line, Token).AsTask().WithTimeout();
        return await session.ReadLineAsync(Token).AsTask().WithTimeout();
    }

    /// <summary>Waits until the servers have closed <paramref name="count"/> more connections (and logged whatever they log about them).</summary>
    protected async Task WaitForServerClosesAsync(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            await _closed.Reader.ReadAsync(Token).AsTask().WithTimeout();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var client in _clients)
            {
                await client.DisposeAsync().AsTask().WithTimeout();
            }

            foreach (var server in _servers)
            {
                await server.DisposeAsync().AsTask().WithTimeout();
            }
        }
        finally
        {
            _directory.Dispose();
            _testTimeout.Dispose();
            Logs.Dispose();
        }
    }

    private sealed class SocketCloser(Socket socket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
