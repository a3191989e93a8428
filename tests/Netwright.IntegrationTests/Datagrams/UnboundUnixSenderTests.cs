using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Datagrams;

public sealed class UnboundUnixSenderTests
{
    [Theory]
    [InlineData(ServiceStyle.Handler, TransportEngine.Sockets)]
    [InlineData(ServiceStyle.Event, TransportEngine.Sockets)]
    [InlineData(ServiceStyle.Handler, TransportEngine.Epoll)]
    [InlineData(ServiceStyle.Event, TransportEngine.Epoll)]
    public async Task DatagramFromAnUnboundSenderIsDroppedQuietlyAndServingGoesOn(ServiceStyle style, TransportEngine engine)
    {
        using var transport = new UnixDatagramTransport(engine);
        var logs = new RecordingLoggerFactory();
        await using var server = new NetServer(new NetServerOptions { Transport = { Engine = engine } }, logs);
        server.Listen(transport.CreateEndpoint(), ServiceCatalog.Timestamp.CreateDatagramApplication(style, new LoopbackClock()));
        await server.StartAsync().WithTimeout();
        using var unbound = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        unbound.Connect(new UnixDomainSocketEndPoint(server.EndPoints[0].Path!));
        using var bound = transport.CreateClient(server.EndPoints[0]);

        await unbound.SendAsync("nobody to answer"u8.ToArray(), SocketFlags.None).WithTimeout();
        await bound.SendAsync("answer me"u8.ToArray(), SocketFlags.None).WithTimeout();
        var buffer = new byte[256];
        var received = await bound.ReceiveAsync(buffer, SocketFlags.None).WithTimeout();

        Assert.Equal($"[{LoopbackClock.DefaultCTime}] answer me", Encoding.UTF8.GetString(buffer, 0, received));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }
}
