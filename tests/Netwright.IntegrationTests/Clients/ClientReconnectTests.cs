using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Netwright.Clients;
using Netwright.Errors;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Clients;

/// <summary>
/// <see cref="ReconnectingClient"/> with real loopback sockets and the test kit's <see cref="TestTimeProvider"/>: every back-off wait is a
/// timer the test sees created and fires by advancing time, so nothing here really waits.
/// </summary>
public sealed class ClientReconnectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task BackOffGrowsByTheFactorAndIsCapped()
    {
        using var refusing = RefusingPort();
        var clock = new TestTimeProvider();
        var client = new ReconnectingClient(refusing.Endpoint, () => new ClientTestProtocol(), Options(maxDelay: 5), clock);
        using var stop = new CancellationTokenSource(Timeout);
        var run = client.RunAsync(stop.Token);

        double[] waits = [1, 2, 4, 5, 5, 5];
        double[] next = [2, 4, 5, 5, 5, 5];
        for (var i = 0; i < waits.Length; i++)
        {
            var timer = await NextWaitAsync(clock, run);
            Assert.Equal(TimeSpan.FromSeconds(waits[i]), timer.DueTime);
            Assert.Equal(TimeSpan.FromSeconds(next[i]), client.CurrentDelay);
            clock.Advance(timer.DueTime);
        }

        await NextWaitAsync(clock, run);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
        Assert.Equal(0, client.Connections);
    }

    [Fact]
    public async Task NoTimerFiresBeforeItsDelayHasPassed()
    {
        using var refusing = RefusingPort();
        var clock = new TestTimeProvider();
        var client = new ReconnectingClient(refusing.Endpoint, () => new ClientTestProtocol(), Options(initialDelay: 3), clock);
        using var stop = new CancellationTokenSource(Timeout);
        var run = client.RunAsync(stop.Token);

        var first = await NextWaitAsync(clock, run);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(first.Fired);
        Assert.False(clock.HasArmedTimerWaiting);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(first.Fired);
        Assert.Equal(TimeSpan.FromSeconds(6), (await NextWaitAsync(clock, run)).DueTime);

        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task GivesUpAfterMaxRetriesWithTheLastFailure()
    {
        using var refusing = RefusingPort();
        var clock = new TestTimeProvider();
        var attempts = 0;
        var client = new ReconnectingClient(refusing.Endpoint, () => { attempts++; return new ClientTestProtocol(); }, Options(maxRetries: 2), clock);

        var run = client.RunAsync(CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            clock.Advance((await NextWaitAsync(clock, run)).DueTime);
        }

        var error = await Assert.ThrowsAsync<ConnectionRefusedException>(() => run.WaitAsync(Timeout));
        Assert.Contains(refusing.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(3, attempts);
        Assert.False(clock.HasArmedTimerWaiting, "it waited again after giving up");
    }

    [Fact]
    public async Task ZeroRetriesGivesUpOnTheFirstFailureWithoutWaiting()
    {
        using var refusing = RefusingPort();
        var clock = new TestTimeProvider();
        var client = new ReconnectingClient(refusing.Endpoint, () => new ClientTestProtocol(), Options(maxRetries: 0), clock);

        await Assert.ThrowsAsync<ConnectionRefusedException>(() => client.RunAsync(CancellationToken.None).WaitAsync(Timeout));
        Assert.False(clock.HasArmedTimerWaiting);
    }

    [Fact]
    public async Task ReconnectsAfterTheServerDropsTheConnection()
    {
        // greet sends its line and closes: every connection is dropped by the server.
        await using var server = new NetServer();
        server.Listen(NetEndPoint.Parse("tcp://127.0.0.1:0"), ServiceCatalog.Greet.CreateStreamApplication(ServiceStyle.Event));
        await server.StartAsync().WaitAsync(Timeout);
        var clock = new TestTimeProvider();
        var protocols = Channel.CreateBounded<ClientTestProtocol>(10);
        var client = new ReconnectingClient(server.EndPoints[0], () =>
        {
            var protocol = new ClientTestProtocol();
            protocols.Writer.TryWrite(protocol);
            return protocol;
        }, Options(), clock);
        using var stop = new CancellationTokenSource(Timeout);
        var run = client.RunAsync(stop.Token);

        for (var connection = 1; connection <= 3; connection++)
        {
            var protocol = await protocols.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal("Thank you for connecting", await protocol.NextLineAsync(Timeout));
            Assert.Null(await protocol.Lost.Task.WaitAsync(Timeout));
            var wait = await NextWaitAsync(clock, run);
            Assert.Equal(connection, client.Connections);
            // Each loss follows a success, so the wait starts over at the initial delay.
            Assert.Equal(TimeSpan.FromSeconds(1), wait.DueTime);
            clock.Advance(wait.DueTime);
        }

        await protocols.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task BackOffResetsAfterASuccessfulConnection()
    {
        // The port refuses until the test starts listening on it; then the client connects and the test drops it.
        using var port = RefusingPort();
        var clock = new TestTimeProvider();
        var client = new ReconnectingClient(port.Endpoint, () => new ClientTestProtocol(), Options(), clock);
        using var stop = new CancellationTokenSource(Timeout);
        var run = client.RunAsync(stop.Token);

        clock.Advance((await NextWaitAsync(clock, run)).DueTime);
        var second = await NextWaitAsync(clock, run);
        Assert.Equal(TimeSpan.FromSeconds(2), second.DueTime);
        Assert.Equal(TimeSpan.FromSeconds(4), client.CurrentDelay);

        port.Socket.Listen();
        clock.Advance(second.DueTime);
        using (var accepted = await port.Socket.AcceptAsync().WaitAsync(Timeout))
        {
            accepted.Shutdown(SocketShutdown.Both);
        }

        var afterDrop = await NextWaitAsync(clock, run);
        Assert.Equal(1, client.Connections);
        Assert.Equal(TimeSpan.FromSeconds(1), afterDrop.DueTime);
        Assert.Equal(TimeSpan.FromSeconds(2), client.CurrentDelay);

        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task CancellingDuringAWaitStopsWithoutAnotherAttempt()
    {
        using var refusing = RefusingPort();
        var clock = new TestTimeProvider();
        var attempts = 0;
        var client = new ReconnectingClient(refusing.Endpoint, () => { attempts++; return new ClientTestProtocol(); }, Options(), clock);
        using var stop = new CancellationTokenSource(Timeout);
        var run = client.RunAsync(stop.Token);
        var wait = await NextWaitAsync(clock, run);

        await stop.CancelAsync();

        await run.WaitAsync(Timeout);
        Assert.True(run.IsCompletedSuccessfully);
        Assert.True(wait.Disposed, "the back-off timer outlived the cancellation");
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenNeverConnects()
    {
        var attempts = 0;
        var client = new ReconnectingClient(NetEndPoint.Parse("tcp://127.0.0.1:9"), () => { attempts++; return new ClientTestProtocol(); }, Options(), new TestTimeProvider());

        await client.RunAsync(new CancellationToken(canceled: true)).WaitAsync(Timeout);

        Assert.Equal(0, attempts);
    }

    [Fact]
    public void BadOptionsAreRejectedAtOnce()
    {
        var endpoint = NetEndPoint.Parse("tcp://127.0.0.1:9");
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectingClient(endpoint, () => new ClientTestProtocol(), new ReconnectOptions { Factor = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectingClient(endpoint, () => new ClientTestProtocol(), new ReconnectOptions { MaxRetries = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectingClient(endpoint, () => new ClientTestProtocol(), new ReconnectOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }));
    }

    /// <summary>
    /// The client's next back-off wait; if the client stops instead (it should not have), its own failure, not a
    /// bare timeout, says why.
    /// </summary>
    private static async Task<ArmedTimer> NextWaitAsync(TestTimeProvider clock, Task run)
    {
        var next = clock.NextArmedTimerAsync();
        if (await Task.WhenAny(next, run).WaitAsync(Timeout) == run)
        {
            await run;
            Assert.Fail("the client stopped instead of waiting to retry");
        }

        return await next;
    }

    private static ReconnectOptions Options(double initialDelay = 1, double maxDelay = 60, int? maxRetries = null) => new()
    {
        InitialDelay = TimeSpan.FromSeconds(initialDelay),
        MaxDelay = TimeSpan.FromSeconds(maxDelay),
        Factor = 2,
        Jitter = 0,
        MaxRetries = maxRetries,
        ConnectTimeout = Timeout,
    };

    /// <summary>
    /// Binds a loopback port below the ephemeral range without listening on it. A port from <c>bind(0)</c> is not safe
    /// here: Linux lets another socket bind and listen on a port that ours only bound (both with SO_REUSEADDR, which
    /// .NET sets on every TCP bind), and other tests pass ports found with <c>bind(0)</c> to the servers they start. One
    /// such server took our port now and then, the client connected to it and the test hung. Below the ephemeral range
    /// (ip_local_port_range, https://docs.kernel.org/networking/ip-sysctl.html) no port-0 bind ever lands.
    /// </summary>
    private static RefusingSocket RefusingPort()
    {
        var ephemeralLow = EphemeralRangeLow();
        for (var attempt = 0; ; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, Random.Shared.Next(ephemeralLow / 2, ephemeralLow)));
                return new RefusingSocket(socket, NetEndPoint.FromEndPoint(socket.LocalEndPoint!, TransportKind.Tcp));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 100)
            {
                socket.Dispose();
            }
        }
    }

    private static int EphemeralRangeLow()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(Range) ? int.Parse(File.ReadAllText(Range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture) : 32768;
    }

    /// <summary>A loopback port that is bound but not listening, so connects are refused until <c>Listen</c>.</summary>
    private sealed record RefusingSocket(Socket Socket, NetEndPoint Endpoint) : IDisposable
    {
        public void Dispose() => Socket.Dispose();
    }
}
