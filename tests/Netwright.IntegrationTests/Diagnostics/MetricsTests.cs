using System.Net.Sockets;
using System.Text;
using Netwright.Diagnostics;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Diagnostics;

public sealed class MetricsTests
{
    [Fact]
    public async Task ActiveConnectionsGoUpAndDownAndBytesAreCounted()
    {
        using var recorder = new MetricsRecorder();
        using var metrics = new NetwrightMetrics(recorder);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new NetServer(new NetServerOptions { ConnectionClosed = _ => closed.TrySetResult() }, metrics: metrics);
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Timestamp.CreateStreamApplication(ServiceStyle.Handler, new LoopbackClock()));
        await server.StartAsync().WithTimeout();
        var port = server.EndPoints[0].Port;
        using var cancel = new CancellationTokenSource(Timeouts.Test);
        var client = new LineClient(await new TcpStreamTransport().ConnectAsync(server.EndPoints[0], cancel.Token), cancel.Token);

        await client.SendAsync("hello\n");
        var reply = await client.ReadLineAsync();
        var whileOpen = recorder.Of("netwright.connections.active").Sum(m => m.Value);
        await client.DisposeAsync();
        await closed.Task.WithTimeout();

        Assert.Equal(1, whileOpen);
        var active = recorder.Of("netwright.connections.active");
        Assert.Equal([1.0, -1.0], active.Select(m => m.Value));
        Assert.All(active, m =>
        {
            Assert.Equal("tcp", m.Tags["network.transport"]);
            Assert.Equal(port, m.Tags["server.port"]);
        });
        var bytes = recorder.Of("netwright.io.bytes");
        Assert.Equal(6, bytes.Where(m => Equals(m.Tags["network.io.direction"], "receive")).Sum(m => m.Value));
        Assert.Equal(Encoding.UTF8.GetByteCount(reply + "\n"), bytes.Where(m => Equals(m.Tags["network.io.direction"], "transmit")).Sum(m => m.Value));
        Assert.Single(recorder.Of("netwright.connection.duration"));
    }

    [Theory]
    [InlineData(TransportEngine.Sockets)]
    [InlineData(TransportEngine.Epoll)]
    public async Task DatagramBytesAreCountedInBothDirections(TransportEngine engine)
    {
        using var recorder = new MetricsRecorder();
        using var metrics = new NetwrightMetrics(recorder);
        await using var server = new NetServer(new NetServerOptions { Transport = { Engine = engine } }, metrics: metrics);
        server.Listen(NetEndPoint.Udp("127.0.0.1", 0), ServiceCatalog.Echo.CreateDatagramApplication(ServiceStyle.Event));
        await server.StartAsync().WithTimeout();
        using var client = new UdpDatagramTransport().CreateClient(server.EndPoints[0]);

        await client.SendAsync(new byte[1000], SocketFlags.None).WithTimeout();
        Assert.Equal(1000, await client.ReceiveAsync(new byte[2000], SocketFlags.None).WithTimeout());
        await server.StopAsync().WithTimeout();

        var bytes = recorder.Of("netwright.io.bytes");
        Assert.Equal(1000, bytes.Where(m => Equals(m.Tags["network.io.direction"], "receive")).Sum(m => m.Value));
        Assert.All(bytes, m => Assert.Equal("udp", m.Tags["network.transport"]));
        Assert.Equal(1, recorder.Of("netwright.datagrams").Count(m => Equals(m.Tags["network.io.direction"], "receive")));
    }

    [Fact]
    public async Task RejectedConnectionsAreCounted()
    {
        using var recorder = new MetricsRecorder();
        using var metrics = new NetwrightMetrics(recorder);
        await using var server = new NetServer(new NetServerOptions { MaxConnections = 1 }, metrics: metrics);
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Timestamp.CreateStreamApplication(ServiceStyle.Event, new LoopbackClock()));
        await server.StartAsync().WithTimeout();
        using var cancel = new CancellationTokenSource(Timeouts.Test);
        var transport = new TcpStreamTransport();
        await using var first = new LineClient(await transport.ConnectAsync(server.EndPoints[0], cancel.Token), cancel.Token);
        await first.SendAsync("in\n");
        await first.ReadLineAsync();

        await using var second = new LineClient(await transport.ConnectAsync(server.EndPoints[0], cancel.Token), cancel.Token);
        await second.WaitForCloseAsync();

        Assert.Equal(1, recorder.Of("netwright.connections.rejected").Sum(m => m.Value));
    }
}
