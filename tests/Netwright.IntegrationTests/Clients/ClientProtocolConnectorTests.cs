using System.Net;
using System.Net.Sockets;
using Netwright.Applications;
using Netwright.Clients;
using Netwright.Errors;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Clients;

/// <summary><see cref="ProtocolConnector"/> against a real <see cref="NetServer"/> on loopback.</summary>
public sealed class ClientProtocolConnectorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const string Stamp = @"^\[\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\] ";

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task ALineClientExchangesLinesWithATimestampServer(ServiceStyle style)
    {
        await using var server = await StartAsync("tcp://127.0.0.1:0", ServiceCatalog.Timestamp.CreateStreamApplication(style));
        var client = new ClientTestProtocol(firstLine: "hello");

        var connection = await ProtocolConnector.ConnectAsync(server.EndPoints[0], client).WaitAsync(Timeout);
        Assert.Same(client, connection.Protocol);
        Assert.True(client.Connected.Task.IsCompleted, "OnConnected runs before ConnectAsync returns");
        Assert.Matches(Stamp + "hello$", await client.NextLineAsync(Timeout));
        client.Send("second");
        Assert.Matches(Stamp + "second$", await client.NextLineAsync(Timeout));

        client.Close();
        await connection.Completion.WaitAsync(Timeout);
        Assert.Null(await client.Lost.Task.WaitAsync(Timeout));
    }

    [UnixSocketFact]
    public async Task ALineClientWorksOverAUnixSocket()
    {
        var path = Path.Combine("/tmp", $"nwcl-{Guid.NewGuid():N}"[..16] + ".sock");
        await using var server = await StartAsync($"unix://{path}", ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Event));
        var client = new ClientTestProtocol(firstLine: "over unix");

        var connection = await ProtocolConnector.ConnectAsync(server.EndPoints[0], client).WaitAsync(Timeout);

        Assert.Equal("over unix", await client.NextLineAsync(Timeout));
        client.Close();
        await connection.Completion.WaitAsync(Timeout);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task CompletionEndsWhenTheServerCloses(ServiceStyle style)
    {
        await using var server = await StartAsync("tcp://127.0.0.1:0", ServiceCatalog.Greet.CreateStreamApplication(style));
        var client = new ClientTestProtocol();

        var connection = await ProtocolConnector.ConnectAsync(server.EndPoints[0], client).WaitAsync(Timeout);

        Assert.Equal("Thank you for connecting", await client.NextLineAsync(Timeout));
        await connection.Completion.WaitAsync(Timeout);
        Assert.Null(await client.Lost.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task CompletionEndsWhenTheServerStops()
    {
        await using var server = await StartAsync("tcp://127.0.0.1:0", ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Event));
        var client = new ClientTestProtocol(firstLine: "ping");
        var connection = await ProtocolConnector.ConnectAsync(server.EndPoints[0], client).WaitAsync(Timeout);
        Assert.Equal("ping", await client.NextLineAsync(Timeout));

        using var grace = new CancellationTokenSource(Timeout);
        await server.StopAsync(grace.Token).WaitAsync(Timeout);

        await connection.Completion.WaitAsync(Timeout);
        Assert.True(client.Lost.Task.IsCompleted);
    }

    [Fact]
    public async Task CompletionFaultsWhenACallbackThrows()
    {
        await using var server = await StartAsync("tcp://127.0.0.1:0", ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));
        var bug = new InvalidOperationException("bug in OnLineReceived");
        var client = new ClientTestProtocol(firstLine: "boom") { ThrowOnLine = bug };

        var connection = await ProtocolConnector.ConnectAsync(server.EndPoints[0], client).WaitAsync(Timeout);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.Completion.WaitAsync(Timeout));
        Assert.Same(bug, thrown);
        Assert.Same(bug, await client.Lost.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ARefusedConnectThrowsConnectionRefused()
    {
        // Bound but not listening: the kernel refuses the connect.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endpoint = NetEndPoint.FromEndPoint(closed.LocalEndPoint!, TransportKind.Tcp);
        var client = new ClientTestProtocol();

        var error = await Assert.ThrowsAsync<ConnectionRefusedException>(() => ProtocolConnector.ConnectAsync(endpoint, client).WaitAsync(Timeout));

        Assert.Contains(endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.False(client.Connected.Task.IsCompleted, "OnConnected ran for a connection that never existed");
    }

    [Fact]
    public async Task ADatagramEndpointIsRejectedAtOnce()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ProtocolConnector.ConnectAsync(NetEndPoint.Parse("udp://127.0.0.1:9"), new ClientTestProtocol()).WaitAsync(Timeout));
    }

    private static async Task<NetServer> StartAsync(string endpoint, IConnectionApplication application)
    {
        var server = new NetServer();
        server.Listen(NetEndPoint.Parse(endpoint), application);
        await server.StartAsync().WaitAsync(Timeout);
        return server;
    }
}

/// <summary>A fact skipped, with a reason, where Unix-domain sockets are unsupported.</summary>
file sealed class UnixSocketFactAttribute : FactAttribute
{
    public UnixSocketFactAttribute()
    {
        if (!Socket.OSSupportsUnixDomainSockets)
        {
            Skip = "Unix-domain sockets are not supported on this platform.";
        }
    }
}
