using System.Text;
using Microsoft.Extensions.Logging;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Streams;

/// <summary>The timestamp service over a stream transport, in both styles, with the same expectations for each.</summary>
public abstract class TimestampStreamSuite(StreamTransport transport) : StreamSuite(transport)
{
    private static readonly ServiceDefinition Service = ServiceCatalog.Timestamp;

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task EachLineGetsOneTimestampedReply(ServiceStyle style)
    {
        var server = await CreateServerAsync(Service, style);
        await using var client = await ConnectAsync(server);

        await client.SendAsync("hello\n");
        Assert.Equal(Stamped("hello"), await client.ReadLineAsync());
        await client.SendAsync("crlf too\r\n");
        Assert.Equal(Stamped("crlf too"), await client.ReadLineAsync());
        await client.SendAsync("\n");
        Assert.Equal(Stamped(string.Empty), await client.ReadLineAsync());
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task ManyConcurrentClientsGetTheirOwnRepliesInOrder(ServiceStyle style)
    {
        const int Clients = 50;
        const int Lines = 5;
        var server = await CreateServerAsync(Service, style);

        async Task RunClientAsync(int id)
        {
            await using var client = await ConnectAsync(server);
            for (var i = 0; i < Lines; i++)
            {
                await client.SendAsync($"client {id} line {i}\n");
            }

            for (var i = 0; i < Lines; i++)
            {
                Assert.Equal(Stamped($"client {id} line {i}"), await client.ReadLineAsync());
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(id => Task.Run(() => RunClientAsync(id)))).WaitAsync(Timeouts.Test);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task TextWithoutNewlineIsAnsweredPromptly(ServiceStyle style)
    {
        // The seeds' tsTclnt.py sends raw input with no newline and blocks on recv.
        var server = await CreateServerAsync(Service, style);
        await using var client = await ConnectAsync(server);

        await client.SendAsync("no newline here");

        var reply = await client.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(Stamped("no newline here"), reply);
        await client.SendAsync("and again");
        Assert.Equal(Stamped("and again"), await client.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(3)));
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task PastedBlockGetsOneReplyPerLineInOrder(ServiceStyle style)
    {
        const int Lines = 300;
        var server = await CreateServerAsync(Service, style);
        await using var client = await ConnectAsync(server);

        var block = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            block.Append("pasted line ").Append(i).Append('\n');
        }

        await client.SendAsync(block.ToString());

        for (var i = 0; i < Lines; i++)
        {
            Assert.Equal(Stamped($"pasted line {i}"), await client.ReadLineAsync());
        }
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task LinesFollowedByHalfCloseAreAllAnsweredBeforeTheServerCloses(ServiceStyle style)
    {
        // printf 'a\nb\n' | nc -N host port: the client stops sending at once and then only reads.
        const int Lines = 100;
        var server = await CreateServerAsync(Service, style);
        await using var client = await ConnectAsync(server);

        await client.SendAsync(string.Concat(Enumerable.Range(0, Lines).Select(i => $"piped {i}\n")) + "last, no newline");
        client.ShutdownSend();

        for (var i = 0; i < Lines; i++)
        {
            Assert.Equal(Stamped($"piped {i}"), await client.ReadLineAsync());
        }

        Assert.Equal(Stamped("last, no newline"), await client.ReadLineAsync());
        Assert.Null(await client.ReadLineAsync());
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task LineSplitAcrossTwoSendsIsOneMessage(ServiceStyle style)
    {
        // A generous partial-line delay keeps the test about framing, not about the machine's speed.
        var server = await CreateServerAsync(Service, style, new NetServerOptions { PartialLineDelay = TimeSpan.FromSeconds(2) });
        await using var client = await ConnectAsync(server);

        await client.SendAsync("split li");
        // The gap is the scenario (two TCP segments), not synchronisation: nothing waits on it.
        await Task.Delay(30, Token);
        await client.SendAsync("ne\n");
        await client.SendAsync("next\n");

        Assert.Equal(Stamped("split line"), await client.ReadLineAsync());
        Assert.Equal(Stamped("next"), await client.ReadLineAsync());
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task OversizedLineGetsAnErrorAndClosesWhileAnotherClientIsServed(ServiceStyle style)
    {
        var server = await CreateServerAsync(Service, style);
        await using var bystander = await ConnectAsync(server);
        await using var offender = await ConnectAsync(server);
        await bystander.SendAsync("before\n");
        Assert.Equal(Stamped("before"), await bystander.ReadLineAsync());

        var huge = new byte[1024 * 1024 + 1];
        huge.AsSpan().Fill((byte)'x');
        huge[^1] = (byte)'\n';
        var sending = Task.Run(async () =>
        {
            try
            {
                await offender.SendAsync(huge);
            }
            catch (IOException)
            {
                // The server may close before the last bytes are read; the reply is what is under test.
            }
        });

        var error = await offender.ReadLineAsync();
        Assert.NotNull(error);
        Assert.StartsWith("error:", error);
        Assert.Contains("16384", error);
        await offender.WaitForCloseAsync();
        await sending.WithTimeout();

        await bystander.SendAsync("after\n");
        Assert.Equal(Stamped("after"), await bystander.ReadLineAsync());
        Assert.DoesNotContain(Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task ClientThatClosesMidLineDoesNotDisturbTheServer(ServiceStyle style)
    {
        var closed = new SemaphoreSlim(0);
        var server = await CreateServerAsync(Service, style, new NetServerOptions { ConnectionClosed = _ => closed.Release() });
        await using var bystander = await ConnectAsync(server);
        var leaver = await ConnectAsync(server);

        await leaver.SendAsync("half a li");
        await leaver.DisposeAsync();
        Assert.True(await closed.WaitAsync(Timeouts.Step), "the server did not close the abandoned connection");

        await bystander.SendAsync("still here\n");
        Assert.Equal(Stamped("still here"), await bystander.ReadLineAsync());
        await using var newcomer = await ConnectAsync(server);
        await newcomer.SendAsync("new\n");
        Assert.Equal(Stamped("new"), await newcomer.ReadLineAsync());
        Assert.DoesNotContain(Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task ClientThatResetsDoesNotDisturbTheServer(ServiceStyle style)
    {
        var closed = new SemaphoreSlim(0);
        var server = await CreateServerAsync(Service, style, new NetServerOptions { ConnectionClosed = _ => closed.Release() });
        await using var bystander = await ConnectAsync(server);
        var crasher = await ConnectAsync(server);

        await crasher.SendAsync("first\n");
        Assert.Equal(Stamped("first"), await crasher.ReadLineAsync());
        await crasher.SendAsync("second li");
        crasher.Reset();
        Assert.True(await closed.WaitAsync(Timeouts.Step), "the server did not close the reset connection");

        await bystander.SendAsync("still here\n");
        Assert.Equal(Stamped("still here"), await bystander.ReadLineAsync());
        Assert.Equal(1, server.ConnectionCount);
        Assert.DoesNotContain(Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task IdleConnectionIsClosedAfterTheIdleTimeout(ServiceStyle style)
    {
        // The server's clock is fake, so a busy machine cannot make a slow client look idle.
        var clock = new TestTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(200);
        var server = await CreateServerAsync(Service, style, new NetServerOptions { IdleTimeout = timeout }, clock);
        await using var client = await ConnectAsync(server);
        await client.SendAsync("one\n");
        Assert.Equal(Stamped("one"), await client.ReadLineAsync());

        // Half the timeout without a byte: still served, and the line starts the idle time again.
        clock.Advance(timeout / 2);
        await client.SendAsync("two\n");
        Assert.Equal(Stamped("two"), await client.ReadLineAsync());
        Assert.Empty(Logs.WithEvent("IdleTimeout"));

        // The monitor notices the line at its next check (a quarter of the timeout); then the whole timeout passes.
        // FakeTimeProvider fires every check of one advance at the advance's end, so these are two advances.
        clock.Advance(timeout / 4);
        clock.Advance(timeout);
        await client.WaitForCloseAsync();

        Assert.NotEmpty(Logs.WithEvent("IdleTimeout"));
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task StopEndsOpenConnectionsGracefullyWithinTheGracePeriod(ServiceStyle style)
    {
        var server = await CreateServerAsync(Service, style);
        var endpoint = server.EndPoints[0];
        await using var client = await ConnectAsync(server);
        await client.SendAsync("before stop\n");
        Assert.Equal(Stamped("before stop"), await client.ReadLineAsync());
        using var grace = new CancellationTokenSource(Timeouts.Step);

        var stopping = server.StopAsync(grace.Token);
        await client.WaitForCloseAsync();
        await client.DisposeAsync();
        await stopping.WithTimeout();

        Assert.False(grace.IsCancellationRequested);
        Assert.Empty(Logs.WithEvent("AbortingConnections"));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => Transport.ConnectAsync(endpoint, Token));
    }
}
