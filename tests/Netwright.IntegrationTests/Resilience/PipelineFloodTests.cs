using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Transport;
using Xunit.Abstractions;

namespace Netwright.IntegrationTests.Resilience;

/// <summary>
/// One client pipelines 262,144 empty lines (256 KiB of bare newlines) at the timestamp service: it must get
/// every reply in both styles (back-pressure, never an abort), and it must not hold up another client, on
/// either engine.
/// </summary>
public sealed class PipelineFloodTests(ITestOutputHelper output)
{
    private const int Lines = 256 * 1024;

    public static TheoryData<TransportEngine, ServiceStyle> Cases()
    {
        var data = new TheoryData<TransportEngine, ServiceStyle>();
        foreach (var style in new[] { ServiceStyle.Handler, ServiceStyle.Event })
        {
            data.Add(TransportEngine.Sockets, style);
            if (OperatingSystem.IsLinux())
            {
                data.Add(TransportEngine.Epoll, style);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task APipeliningClientGetsEveryReplyAndAFreshClientIsAnsweredMeanwhile(TransportEngine engine, ServiceStyle style)
    {
        using var cancellation = new CancellationTokenSource(Timeouts.Test);
        await using var server = new NetServer(new NetServerOptions { Transport = { Engine = engine } });
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), ServiceCatalog.Timestamp.CreateStreamApplication(style));
        await server.StartAsync().WithTimeout();
        var address = new IPEndPoint(IPAddress.Loopback, server.EndPoints[0].Port);

        await using var fresh = await ConnectAsync(address, cancellation.Token);
        await fresh.SendAsync("first\n");
        Assert.EndsWith("] first", await fresh.ReadLineAsync());
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await flooder.ConnectAsync(address, cancellation.Token).AsTask().WithTimeout();
        var replies = 0;
        var underWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = CountLinesAsync(flooder, count =>
        {
            Volatile.Write(ref replies, count);
            if (count >= Lines / 8)
            {
                underWay.TrySetResult();
            }
        }, cancellation.Token);
        var flood = new byte[Lines];
        Array.Fill(flood, (byte)'\n');
        var sending = flooder.SendAsync(flood, SocketFlags.None, cancellation.Token).AsTask();
        await underWay.Task.WaitAsync(Timeouts.Step);

        var clock = Stopwatch.StartNew();
        var before = Volatile.Read(ref replies);
        await fresh.SendAsync("hello\n");
        Assert.EndsWith("] hello", await fresh.ReadLineAsync());
        var waited = clock.Elapsed;
        // Only reported: on a quiet machine the whole flood is answered within milliseconds, and loopback socket buffers
        // hold tens of thousands of replies sent before the fresh request arrived, so neither the wait nor the count
        // tells fairness apart in-process. The hostile suite times the fresh client (100 ms) against a server process.
        var repliesMeanwhile = Volatile.Read(ref replies) - before;

        output.WriteLine($"waited {waited.TotalMilliseconds:0} ms, flood replies meanwhile {repliesMeanwhile}");
        await sending.WaitAsync(Timeouts.Test);
        Assert.Equal(Lines, await reading.WaitAsync(Timeouts.Test));
    }

    private static async Task<LineClient> ConnectAsync(IPEndPoint address, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address, cancellationToken).AsTask().WithTimeout();
        return new LineClient(socket, cancellationToken);
    }

    private static async Task<int> CountLinesAsync(Socket socket, Action<int> progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var count = 0;
        while (count < Lines)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).AsTask().WithTimeout();
            if (received == 0)
            {
                break;
            }

            count += buffer.AsSpan(0, received).Count((byte)'\n');
            progress(count);
        }

        return count;
    }
}
