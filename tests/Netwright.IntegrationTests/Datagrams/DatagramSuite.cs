using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Datagrams;

/// <summary>
/// The services over a datagram transport, in both styles. The hooks bind a server on the suite's
/// transport and create plain client sockets; one subclass runs the suite per transport.
/// </summary>
public abstract class DatagramSuite(DatagramTransport transport) : IAsyncLifetime
{
    private readonly List<NetServer> _servers = [];
    private readonly List<Socket> _clients = [];
    private readonly CancellationTokenSource _testTimeout = new(Timeouts.Test);
    private readonly LoopbackClock _clock = new();

    private RecordingLoggerFactory Logs { get; } = new();

    private CancellationToken Token => _testTimeout.Token;

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task TimestampAnswersEachDatagramWithOneReply(ServiceStyle style)
    {
        var server = await CreateServerAsync(ServiceCatalog.Timestamp, style);
        var client = CreateClient(server);

        await SendAsync(client, "hello");
        await SendAsync(client, "second");
        await SendAsync(client, "with newline\n");

        Assert.Equal($"[{LoopbackClock.DefaultCTime}] hello", await ReceiveTextAsync(client));
        Assert.Equal($"[{LoopbackClock.DefaultCTime}] second", await ReceiveTextAsync(client));
        Assert.Equal($"[{LoopbackClock.DefaultCTime}] with newline\n", await ReceiveTextAsync(client));
        Assert.DoesNotContain(Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task TimestampRepliesToInvalidUtf8WithAnErrorAndGoesOn(ServiceStyle style)
    {
        var server = await CreateServerAsync(ServiceCatalog.Timestamp, style);
        var client = CreateClient(server);

        await client.SendAsync(new byte[] { 0x41, 0xFF, 0xFE, 0x42 }, SocketFlags.None, Token).AsTask().WithTimeout();
        var error = await ReceiveTextAsync(client);
        await SendAsync(client, "valid again");

        Assert.StartsWith("error:", error);
        Assert.Equal($"[{LoopbackClock.DefaultCTime}] valid again", await ReceiveTextAsync(client));
        Assert.DoesNotContain(Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task RepliesGoToTheClientThatAsked(ServiceStyle style)
    {
        var server = await CreateServerAsync(ServiceCatalog.Timestamp, style);
        var clients = Enumerable.Range(0, 10).Select(_ => CreateClient(server)).ToArray();

        await Task.WhenAll(clients.Select((c, i) => SendAsync(c, $"client {i}")));

        for (var i = 0; i < clients.Length; i++)
        {
            Assert.Equal($"[{LoopbackClock.DefaultCTime}] client {i}", await ReceiveTextAsync(clients[i]));
        }
    }

    [Theory]
    [InlineData(ServiceStyle.Handler, 1)]
    [InlineData(ServiceStyle.Event, 1)]
    [InlineData(ServiceStyle.Handler, 1_472)]
    [InlineData(ServiceStyle.Event, 1_472)]
    [InlineData(ServiceStyle.Handler, 8_192)]
    [InlineData(ServiceStyle.Event, 8_192)]
    [InlineData(ServiceStyle.Handler, 60_000)]
    [InlineData(ServiceStyle.Event, 60_000)]
    public async Task EchoReturnsEachDatagramUnchanged(ServiceStyle style, int size)
    {
        var server = await CreateServerAsync(ServiceCatalog.Echo, style);
        var client = CreateClient(server);
        var payload = new byte[size];
        new Random(size).NextBytes(payload);

        await client.SendAsync(payload, SocketFlags.None, Token).AsTask().WithTimeout();
        var reply = await ReceiveAsync(client);

        Assert.Equal(size, reply.Length);
        Assert.True(payload.AsSpan().SequenceEqual(reply), "the echoed datagram differs from the one sent");
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task GreetAnswersAnyDatagram(ServiceStyle style)
    {
        var server = await CreateServerAsync(ServiceCatalog.Greet, style);
        var client = CreateClient(server);

        await SendAsync(client, "hi");

        Assert.Equal("Thank you for connecting\r\n", await ReceiveTextAsync(client));
    }

    /// <summary>Hook: binds a server on a fresh endpoint of the transport, hosting a service in a style.</summary>
    private async Task<NetServer> CreateServerAsync(ServiceDefinition service, ServiceStyle style)
    {
        var server = new NetServer(new NetServerOptions { Transport = { Engine = transport.Engine } }, Logs);
        _servers.Add(server);
        server.Listen(transport.CreateEndpoint(), service.CreateDatagramApplication(style, _clock));
        await server.StartAsync(Token).WithTimeout();
        return server;
    }

    /// <summary>Hook: a plain client socket that can send to and be answered by the server.</summary>
    private Socket CreateClient(NetServer server)
    {
        var client = transport.CreateClient(server.EndPoints[0]);
        _clients.Add(client);
        return client;
    }

    private async Task SendAsync(Socket client, string text) =>
        await client.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, Token).AsTask().WithTimeout();

    private async Task<byte[]> ReceiveAsync(Socket client)
    {
        var buffer = new byte[65_536];
        var received = await client.ReceiveAsync(buffer, SocketFlags.None, Token).AsTask().WithTimeout();
        return buffer[..received];
    }

    private async Task<string> ReceiveTextAsync(Socket client)
    {
        var text = Encoding.UTF8.GetString(await ReceiveAsync(client));
        Assert.DoesNotContain("b'", text);
        return text;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            _clients.ForEach(c => c.Dispose());
            foreach (var server in _servers)
            {
                await server.DisposeAsync().WithTimeout();
            }
        }
        finally
        {
            transport.Dispose();
            _testTimeout.Dispose();
        }
    }
}
