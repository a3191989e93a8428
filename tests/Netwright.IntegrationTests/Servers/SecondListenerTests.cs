using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Servers;

/// <summary>
/// A second Netwright server on a port the first one holds: refused unless both ask to share it.
/// (.NET's ReuseAddress also sets SO_REUSEPORT on Unix, which once let both listen and split the traffic.)
/// </summary>
public sealed class SecondListenerTests
{
    public static TheoryData<TransportKind, TransportEngine> Cases()
    {
        var data = new TheoryData<TransportKind, TransportEngine>();
        foreach (var kind in new[] { TransportKind.Tcp, TransportKind.Udp })
        {
            data.Add(kind, TransportEngine.Sockets);
            if (OperatingSystem.IsLinux())
            {
                data.Add(kind, TransportEngine.Epoll);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ASecondServerOnABusyPortFailsWithAddressInUse(TransportKind kind, TransportEngine engine)
    {
        await using var first = StartableServer(kind, engine, port: 0, reusePort: false);
        await first.StartAsync().WithTimeout();
        var port = first.EndPoints[0].Port;
        await using var second = StartableServer(kind, engine, port, reusePort: false);

        var error = await Assert.ThrowsAsync<AddressInUseException>(() => second.StartAsync().WithTimeout());

        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(second.EndPoints);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ServersThatBothAskForReusePortShareThePort(TransportKind kind, TransportEngine engine)
    {
        await using var first = StartableServer(kind, engine, port: 0, reusePort: true);
        await first.StartAsync().WithTimeout();
        var port = first.EndPoints[0].Port;
        await using var second = StartableServer(kind, engine, port, reusePort: true);

        await second.StartAsync().WithTimeout();

        Assert.Equal(port, second.EndPoints[0].Port);
    }

    [Fact]
    public async Task APlainServerCannotJoinAPortSharedOnPurpose()
    {
        await using var first = StartableServer(TransportKind.Tcp, TransportEngine.Sockets, port: 0, reusePort: true);
        await first.StartAsync().WithTimeout();
        await using var second = StartableServer(TransportKind.Tcp, TransportEngine.Sockets, first.EndPoints[0].Port, reusePort: false);

        await Assert.ThrowsAsync<AddressInUseException>(() => second.StartAsync().WithTimeout());
    }

    [Fact]
    public async Task ARestartedServerBindsAPortWithConnectionsStillInTimeWait()
    {
        await using var first = StartableServer(TransportKind.Tcp, TransportEngine.Sockets, port: 0, reusePort: false);
        await first.StartAsync().WithTimeout();
        var port = first.EndPoints[0].Port;
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WithTimeout();
            Assert.True(await client.ReceiveAsync(new byte[64], SocketFlags.None).WithTimeout() > 0);
            // The server closes first (greet says goodbye), so its side of the connection is left in TIME_WAIT.
            await first.StopAsync().WithTimeout();
        }

        await using var restarted = StartableServer(TransportKind.Tcp, TransportEngine.Sockets, port, reusePort: false);
        await restarted.StartAsync().WithTimeout();

        Assert.Equal(port, restarted.EndPoints[0].Port);
    }

    private static NetServer StartableServer(TransportKind kind, TransportEngine engine, int port, bool reusePort)
    {
        var server = new NetServer(new NetServerOptions { Transport = { Engine = engine, ReusePort = reusePort } });
        if (kind == TransportKind.Tcp)
        {
            server.Listen(NetEndPoint.Tcp("127.0.0.1", port), ServiceCatalog.Greet.CreateStreamApplication(ServiceStyle.Handler));
        }
        else
        {
            server.Listen(NetEndPoint.Udp("127.0.0.1", port), ServiceCatalog.Greet.CreateDatagramApplication(ServiceStyle.Handler));
        }

        return server;
    }
}
