using System.Net;
using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Resilience;

/// <summary>
/// The message timeout (slowloris) on real loopback sockets, with the server's clock faked: a line begun and not
/// finished gets the timestamp service's error line, then a close, and one log line, on both engines and in both styles.
/// </summary>
public sealed class MessageTimeoutSocketTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static TheoryData<TransportEngine, ServiceStyle> Cases() => WriteTimeoutTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ALineLeftUnfinishedGetsAnErrorLineThenACloseAndOneLogLine(TransportEngine engine, ServiceStyle style)
    {
        var clock = new TestTimeProvider();
        var logs = new RecordingLoggerFactory();
        var options = new NetServerOptions { Transport = { Engine = engine }, PartialLineDelay = Timeout.InfiniteTimeSpan, MessageTimeout = Limit };
        await using var server = new NetServer(options, logs, timeProvider: clock);
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Timestamp.CreateStreamApplication(style));
        await server.StartAsync().WithTimeout();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.EndPoints[0].Port)).WithTimeout();
        await using var client = new LineClient(socket, CancellationToken.None);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: exa");
        Assert.EndsWith("] GET / HTTP/1.1", await client.ReadLineAsync());
        while ((await clock.NextArmedTimerAsync().WaitAsync(Timeouts.Step)).DueTime != Limit)
        {
        }

        clock.Advance(Limit);

        Assert.Equal("error: line not finished within 30 s", await client.ReadLineAsync());
        Assert.Equal("", await client.ReadToEndAsync());
        var line = Assert.Single(logs.WithEvent("BadInput"));
        Assert.Contains("line not finished within 30 s", line.Message, StringComparison.Ordinal);
    }
}
