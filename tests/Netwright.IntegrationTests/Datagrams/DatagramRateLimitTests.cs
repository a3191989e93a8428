using System.Net;
using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Datagrams;

/// <summary>The per-source datagram rate limit on a real UDP endpoint, both engines, with the server's clock held still.</summary>
public sealed class DatagramRateLimitTests
{
    private const int Rate = 5;

    public static TheoryData<TransportEngine> Engines()
    {
        var engines = new TheoryData<TransportEngine> { TransportEngine.Sockets };
        if (OperatingSystem.IsLinux())
        {
            engines.Add(TransportEngine.Epoll);
        }

        return engines;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AFloodingSourceGetsItsRateAnsweredAnotherSourceAllAndOneLogLineCountsTheDrops(TransportEngine engine)
    {
        var logs = new RecordingLoggerFactory();
        var options = new NetServerOptions { Transport = { Engine = engine }, AccessControl = { MaxDatagramRatePerSource = Rate } };
        await using var server = new NetServer(options, logs, timeProvider: new TestTimeProvider());
        server.Listen(NetEndPoint.Udp("127.0.0.1", 0), DatagramHandler.Create((datagram, _) => datagram.ReplyAsync(datagram.Data)));
        await server.StartAsync().WithTimeout();
        var endpoint = new IPEndPoint(IPAddress.Loopback, server.EndPoints[0].Port);
        using var flooder = Connect(endpoint);
        using var client = Connect(endpoint);

        for (var i = 0; i < 50; i++)
        {
            await flooder.SendAsync(new[] { (byte)i }).WithTimeout();
        }

        // The server takes datagrams in arrival order: once the second source's last one is answered, every one of the
        // flooder's has been handled or dropped. The second source sends its own full burst, all answered.
        for (var i = 0; i < Rate; i++)
        {
            await client.SendAsync(new[] { (byte)i }).WithTimeout();
            var reply = new byte[16];
            Assert.Equal(1, await client.ReceiveAsync(reply).WithTimeout());
            Assert.Equal(i, reply[0]);
        }

        Assert.Equal(Enumerable.Range(0, Rate).Select(i => (byte)i), DrainReplies(flooder));
        var line = Assert.Single(logs.WithEvent("DatagramRateLimited"));
        Assert.Contains(((IPEndPoint)flooder.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Message, StringComparison.Ordinal);
    }

    private static Socket Connect(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(endpoint);
        return socket;
    }

    private static List<byte> DrainReplies(Socket socket)
    {
        var replies = new List<byte>();
        var buffer = new byte[16];
        while (socket.Available > 0)
        {
            socket.Receive(buffer);
            replies.Add(buffer[0]);
        }

        return replies;
    }
}
