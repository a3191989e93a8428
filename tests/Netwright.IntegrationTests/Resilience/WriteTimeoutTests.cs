using System.Net;
using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Resilience;

/// <summary>
/// The write timeout on real loopback sockets, with the server's clock faked: a client that sends to echo and never
/// reads is dropped once it has taken no byte for the limit, and one that reads slowly but steadily is kept, on both
/// engines and in both styles.
/// </summary>
public sealed class WriteTimeoutTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly TestTimeProvider _clock = new();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly TaskCompletionSource<Connection> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TheoryData<TransportEngine, ServiceStyle> Cases() => PipelineFloodTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task APeerThatTakesNoBytesWhileRepliesWaitIsDroppedAfterTheWriteTimeout(TransportEngine engine, ServiceStyle style)
    {
        await using var server = await StartEchoAsync(engine, style);
        using var client = await ConnectAsync(server);
        var connection = await _opened.Task.WithTimeout();
        var flooding = FloodAsync(client);
        await WaitUntilAsync(() => connection.IsSendBlocked);

        AdvanceInSteps(Limit / 2);
        Assert.False(connection.ConnectionClosed.IsCancellationRequested, "dropped before the write timeout");
        AdvanceInSteps(Limit / 2 + TimeSpan.FromSeconds(2));

        await WaitUntilAsync(() => connection.ConnectionClosed.IsCancellationRequested);
        await flooding.WaitAsync(Timeouts.Step);
        var line = Assert.Single(_logs.WithEvent("ConnectionDropped"));
        Assert.Contains("write timeout", line.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task APeerThatReadsSlowlyButSteadilyIsKeptPastTheWriteTimeout(TransportEngine engine, ServiceStyle style)
    {
        await using var server = await StartEchoAsync(engine, style);
        using var client = await ConnectAsync(server);
        var connection = await _opened.Task.WithTimeout();
        var flooding = FloodAsync(client);
        await WaitUntilAsync(() => connection.IsSendBlocked);

        for (var round = 0; round < 3; round++)
        {
            AdvanceInSteps(Limit * 3 / 4);
            await ReadUntilTheServerSendsMoreAsync(client, connection);
            await WaitUntilAsync(() => connection.IsSendBlocked);
        }

        Assert.False(connection.ConnectionClosed.IsCancellationRequested, "a reader that made progress every 45 s was dropped");
        Assert.Empty(_logs.WithEvent("ConnectionDropped"));
        // It stops reading for good: now the limit applies.
        AdvanceInSteps(Limit + TimeSpan.FromSeconds(2));
        await WaitUntilAsync(() => connection.ConnectionClosed.IsCancellationRequested);
        await flooding.WaitAsync(Timeouts.Step);
    }

    /// <summary>
    /// Moves the clock one monitor period (1 s) at a time: one big jump would run every due check at the end time,
    /// where a real heartbeat sees the time pass.
    /// </summary>
    private void AdvanceInSteps(TimeSpan total)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += TimeSpan.FromSeconds(1))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<NetServer> StartEchoAsync(TransportEngine engine, ServiceStyle style)
    {
        var options = new NetServerOptions
        {
            Transport = { Engine = engine },
            IdleTimeout = null,
            WriteTimeout = Limit,
            ConnectionOpened = connection => _opened.TrySetResult(connection),
        };
        var server = new NetServer(options, _logs, timeProvider: _clock);
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Echo.CreateStreamApplication(style));
        await server.StartAsync().WithTimeout();
        return server;
    }

    private static async Task<Socket> ConnectAsync(NetServer server)
    {
        // A small receive buffer (no autotuning) so the server's sends stall after little data.
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.EndPoints[0].Port)).WithTimeout();
        return client;
    }

    /// <summary>Sends to echo until the connection is dropped; the last send stays pending once both sides' buffers are full.</summary>
    private static async Task FloodAsync(Socket client)
    {
        await Task.Yield();
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                await client.SendAsync(chunk, SocketFlags.None);
            }
        }
        catch (SocketException)
        {
            // Dropped by the server: the end this test waits for.
        }
    }

    private static async Task ReadUntilTheServerSendsMoreAsync(Socket client, Connection connection)
    {
        var before = connection.BytesSent;
        var buffer = new byte[64 * 1024];
        using var limit = new CancellationTokenSource(Timeouts.Step);
        while (connection.BytesSent == before)
        {
            Assert.NotEqual(0, await client.ReceiveAsync(buffer, SocketFlags.None, limit.Token));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(Timeouts.Step);
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
