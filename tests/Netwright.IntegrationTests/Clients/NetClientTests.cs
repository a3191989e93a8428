using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Netwright.Clients;
using Netwright.Errors;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Clients;

public sealed class NetClientTests
{
    [Theory]
    [InlineData(TransportKind.Tcp)]
    [InlineData(TransportKind.Unix)]
    public async Task ConnectionTalksToAServerThroughItsPipes(TransportKind kind)
    {
        using var directory = new LoopbackDirectory();
        var endpoint = kind == TransportKind.Tcp ? NetEndPoint.Tcp("127.0.0.1", 0) : NetEndPoint.Unix(directory.File("s.sock"));
        await using var server = new NetServer();
        server.Listen(endpoint, ServiceCatalog.Timestamp.CreateStreamApplication(ServiceStyle.Handler, new LoopbackClock()));
        await server.StartAsync().WithTimeout();

        await using var connection = await NetClient.ConnectAsync(server.EndPoints[0], TimeSpan.FromSeconds(5)).WithTimeout();
        await connection.Transport.Output.WriteAsync("over pipes\n"u8.ToArray()).WithTimeout();
        await connection.Transport.Output.CompleteAsync();
        var text = new StringBuilder();
        while (true)
        {
            var result = await connection.Transport.Input.ReadAsync().WithTimeout();
            text.Append(Encoding.UTF8.GetString(result.Buffer.ToArray()));
            connection.Transport.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal($"[{LoopbackClock.DefaultCTime}] over pipes\n", text.ToString());
    }

    [Fact]
    public async Task ClosedTcpPortIsConnectionRefused()
    {
        var port = TcpStreamTransport.FreePort();

        var error = await Assert.ThrowsAsync<ConnectionRefusedException>(() => NetClient.ConnectAsync(NetEndPoint.Tcp("127.0.0.1", port)).WithTimeout());

        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public async Task UnknownHostIsHostNotFound()
    {
        await Assert.ThrowsAsync<HostNotFoundException>(() => NetClient.ConnectAsync(NetEndPoint.Tcp("nosuchhost.invalid", 80)).WithTimeout());
    }

    [Fact]
    public async Task UnixPathWithNoSocketIsConnectionRefused()
    {
        using var directory = new LoopbackDirectory();

        await Assert.ThrowsAsync<ConnectionRefusedException>(() => NetClient.ConnectAsync(NetEndPoint.Unix(directory.File("nobody.sock"))).WithTimeout());
    }

    [Fact]
    public async Task UnixSocketFileWithNoServerIsConnectionRefused()
    {
        using var directory = new LoopbackDirectory();
        var path = directory.File("stale.sock");
        using (var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // Moved away so that disposing does not unlink it: a socket file with nobody behind it.
            crashed.Bind(new UnixDomainSocketEndPoint(directory.File("bound.sock")));
            File.Move(directory.File("bound.sock"), path);
        }

        await Assert.ThrowsAsync<ConnectionRefusedException>(() => NetClient.ConnectAsync(NetEndPoint.Unix(path)).WithTimeout());
    }

    [Fact]
    public async Task AlreadyCanceledTokenCancelsRatherThanTimesOut()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => NetClient.ConnectAsync(NetEndPoint.Tcp("127.0.0.1", port), cancellationToken: new CancellationToken(canceled: true)).WithTimeout());
    }

    [Fact]
    public async Task ConnectThatGetsNoAnswerTimesOut()
    {
        // Linux drops a SYN while the listener's accept queue is full, so a connect to a listener with
        // backlog 0 that never accepts gets no answer once one connection is queued. Fill the queue until a
        // plain connect stalls; then NetClient's connect must end with its own timeout.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var address = (IPEndPoint)listener.LocalEndPoint!;
        var queued = new List<Socket>();
        try
        {
            var stalled = false;
            for (var i = 0; i < 16 && !stalled; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                queued.Add(socket);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await socket.ConnectAsync(address, attempt.Token).AsTask().WithTimeout();
                }
                catch (OperationCanceledException)
                {
                    stalled = true;
                }
            }

            Assert.True(stalled, "the accept queue never filled; this kernel answers connects to a full listener");
            var timeout = TimeSpan.FromMilliseconds(300);
            var elapsed = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<NetworkTimeoutException>(() => NetClient.ConnectAsync(NetEndPoint.Tcp("127.0.0.1", address.Port), timeout).WithTimeout());

            Assert.InRange(elapsed.Elapsed, timeout * 0.9, Timeouts.Step);
            Assert.Contains("timed out", error.Message);
        }
        finally
        {
            queued.ForEach(s => s.Dispose());
        }
    }
}
