using System.Text;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Clients;

public sealed class DatagramClientTests
{
    [Theory]
    [InlineData(TransportKind.Udp)]
    [InlineData(TransportKind.UnixDatagram)]
    public async Task ConnectedChannelExchangesDatagramsWithAServer(TransportKind kind)
    {
        using var directory = new LoopbackDirectory();
        var endpoint = kind == TransportKind.Udp ? NetEndPoint.Udp("127.0.0.1", 0) : NetEndPoint.UnixDatagram(directory.File("d.sock"));
        await using var server = new NetServer();
        server.Listen(endpoint, ServiceCatalog.Timestamp.CreateDatagramApplication(ServiceStyle.Handler, new LoopbackClock()));
        await server.StartAsync().WithTimeout();
        string? clientPath;
        var buffer = new byte[1024];

        await using (var channel = await DatagramChannel.ConnectAsync(server.EndPoints[0]).WithTimeout())
        {
            clientPath = channel.LocalEndPoint.Path;
            for (var i = 0; i < 3; i++)
            {
                await channel.SendAsync(Encoding.UTF8.GetBytes($"ping {i}")).WithTimeout();
                var received = await channel.ReceiveAsync(buffer).WithTimeout();
                Assert.Equal($"[{LoopbackClock.DefaultCTime}] ping {i}", Encoding.UTF8.GetString(buffer, 0, received));
            }

            Assert.Equal(3, channel.DatagramsReceived);
        }

        if (clientPath is not null)
        {
            Assert.False(File.Exists(clientPath), "the client's temporary socket file was left behind");
        }
    }
}
