using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Servers;

public sealed class TcpBindingTests
{
    [Fact]
    public async Task PortZeroIsReportedAsTheRealBoundPort()
    {
        await using var server = new NetServer();
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Greet.CreateStreamApplication(ServiceStyle.Handler));
        server.Listen(NetEndPoint.Udp("127.0.0.1", 0), ServiceCatalog.Greet.CreateDatagramApplication(ServiceStyle.Handler));
        await server.StartAsync().WithTimeout();

        var tcp = server.EndPoints[0];
        var udp = server.EndPoints[1];
        Assert.Equal(TransportKind.Tcp, tcp.Kind);
        Assert.NotEqual(0, tcp.Port);
        Assert.Equal(TransportKind.Udp, udp.Kind);
        Assert.NotEqual(0, udp.Port);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, tcp.Port)).WithTimeout();
        var buffer = new byte[64];
        Assert.True(await client.ReceiveAsync(buffer, SocketFlags.None).WithTimeout() > 0);
    }

    [Fact]
    public async Task BindingAPortInUseThrowsAddressInUse()
    {
        using var occupant = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        occupant.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        occupant.Listen();
        var port = ((IPEndPoint)occupant.LocalEndPoint!).Port;
        await using var server = new NetServer();
        server.Listen(NetEndPoint.Tcp("127.0.0.1", port), ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));

        var error = await Assert.ThrowsAsync<AddressInUseException>(() => server.StartAsync().WithTimeout());

        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Empty(server.EndPoints);
    }

    [Fact]
    public async Task AFailedBindReleasesTheEndpointsAlreadyBound()
    {
        using var occupant = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        occupant.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        occupant.Listen();
        var taken = ((IPEndPoint)occupant.LocalEndPoint!).Port;
        var free = TcpStreamTransport.FreePort();
        await using var server = new NetServer();
        server.Listen(NetEndPoint.Tcp("127.0.0.1", free), ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));
        server.Listen(NetEndPoint.Tcp("127.0.0.1", taken), ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));

        await Assert.ThrowsAsync<AddressInUseException>(() => server.StartAsync().WithTimeout());

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, free)).WithTimeout());
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
