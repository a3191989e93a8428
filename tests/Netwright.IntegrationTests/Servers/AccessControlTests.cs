using System.Net;
using System.Net.Sockets;
using Netwright.Diagnostics;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Servers;

/// <summary>Access control on real loopback sockets: refused connections close at once, are counted, and are logged once per interval.</summary>
public sealed class AccessControlTests
{
    public static TheoryData<TransportEngine> Engines() => OperatingSystem.IsLinux()
        ? new TheoryData<TransportEngine> { TransportEngine.Sockets, TransportEngine.Epoll }
        : new TheoryData<TransportEngine> { TransportEngine.Sockets };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task ADeniedAddressIsClosedAtOnceCountedAndLoggedOncePerInterval(TransportEngine engine)
    {
        using var recorder = new MetricsRecorder();
        using var metrics = new NetwrightMetrics(recorder);
        var logs = new RecordingLoggerFactory();
        var options = new NetServerOptions { Transport = { Engine = engine }, AccessControl = { Deny = { AccessControlOptions.ParseNetwork("127.0.0.0/8") } } };
        await using var server = new NetServer(options, logs, metrics);
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Greet.CreateStreamApplication(ServiceStyle.Handler));
        await server.StartAsync().WithTimeout();

        for (var i = 0; i < 5; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.EndPoints[0].Port)).WithTimeout();
            // No greeting: the connection ends (reset or FIN) without a byte of the service.
            try
            {
                Assert.Equal(0, await client.ReceiveAsync(new byte[64], SocketFlags.None).WithTimeout());
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
            }
        }

        var rejected = recorder.Of("netwright.connections.rejected");
        Assert.Equal(5, rejected.Sum(m => m.Value));
        Assert.All(rejected, m => Assert.Equal("denied", m.Tags["netwright.rejection.reason"]));
        var line = Assert.Single(logs.WithEvent("ConnectionRejected"));
        Assert.Contains("not allowed", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCapPerAddressRefusesTheConnectionOverItAndAdmitsOneAfterAnotherCloses()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new NetServerOptions { AccessControl = { MaxConnectionsPerAddress = 1 }, ConnectionClosed = _ => closed.TrySetResult() };
        await using var server = new NetServer(options);
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));
        await server.StartAsync().WithTimeout();
        using var cancel = new CancellationTokenSource(Timeouts.Test);
        var transport = new TcpStreamTransport();

        var first = new LineClient(await transport.ConnectAsync(server.EndPoints[0], cancel.Token), cancel.Token);
        await first.SendAsync("one\n");
        Assert.Equal("one", await first.ReadLineAsync());
        await using (var second = new LineClient(await transport.ConnectAsync(server.EndPoints[0], cancel.Token), cancel.Token))
        {
            await second.WaitForCloseAsync();
        }

        // The refused connection was never served, so the first close reported is the first client's.
        await first.DisposeAsync();
        await closed.Task.WithTimeout();
        await using var third = new LineClient(await transport.ConnectAsync(server.EndPoints[0], cancel.Token), cancel.Token);
        await third.SendAsync("three\n");
        Assert.Equal("three", await third.ReadLineAsync());
    }

    [Fact]
    public async Task DatagramsFromADeniedAddressAreDroppedUnanswered()
    {
        var options = new NetServerOptions { AccessControl = { Deny = { AccessControlOptions.ParseNetwork("127.0.0.2") } } };
        await using var server = new NetServer(options);
        server.Listen(NetEndPoint.Udp("127.0.0.1", 0), ServiceCatalog.Echo.CreateDatagramApplication(ServiceStyle.Handler));
        await server.StartAsync().WithTimeout();
        var target = new IPEndPoint(IPAddress.Loopback, server.EndPoints[0].Port);
        using var denied = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        denied.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using var allowed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        allowed.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await denied.SendToAsync("dropped"u8.ToArray(), target).WithTimeout();
        await allowed.SendToAsync("answered"u8.ToArray(), target).WithTimeout();
        var buffer = new byte[64];
        var received = await allowed.ReceiveAsync(buffer, SocketFlags.None).WithTimeout();

        Assert.Equal("answered", System.Text.Encoding.ASCII.GetString(buffer, 0, received));
        // The echo answers in order: had the denied datagram been served, its reply would already be waiting.
        Assert.Equal(0, denied.Available);
    }
}
