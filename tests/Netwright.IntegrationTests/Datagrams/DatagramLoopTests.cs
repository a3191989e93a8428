using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Netwright.Applications;
using Netwright.Framing;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Datagrams;

/// <summary>
/// The server's datagram loop on both engines: batches, order per sender, handlers that await or throw,
/// oversize datagrams, ICMP errors and stopping.
/// </summary>
public sealed class DatagramLoopTests
{
    public static TheoryData<string, TransportEngine> Transports => new()
    {
        { "udp", TransportEngine.Sockets },
        { "udp", TransportEngine.Epoll },
        { "unixgram", TransportEngine.Sockets },
        { "unixgram", TransportEngine.Epoll },
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task BurstLargerThanOneBatchIsAnsweredInOrderForEachSender(string kind, TransportEngine engine)
    {
        const int PerSender = 40;
        using var transport = CreateTransport(kind, engine);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = DatagramHandler.Create(async (datagram, _) =>
        {
            if (datagram.Text == "hold")
            {
                entered.TrySetResult();
                await release.Task;
            }

            await datagram.ReplyAsync(datagram.Data);
        });
        await using var server = await StartAsync(transport, handler);
        using var first = transport.CreateClient(server.EndPoints[0]);
        using var second = transport.CreateClient(server.EndPoints[0]);

        await SendAsync(first, "hold");
        await entered.Task.WithTimeout();
        var sending = Task.WhenAll(SendNumberedAsync(first, "a", PerSender), SendNumberedAsync(second, "b", PerSender));
        if (kind == "udp")
        {
            // UDP queues the whole burst (more than one 64-datagram batch) while the handler holds the loop;
            // a Unix datagram socket queues only a few and holds the senders back instead.
            await sending.WithTimeout();
        }

        release.SetResult();
        await sending.WithTimeout();

        Assert.Equal("hold", await ReceiveTextAsync(first));
        for (var i = 0; i < PerSender; i++)
        {
            Assert.Equal($"a{i}", await ReceiveTextAsync(first));
            Assert.Equal($"b{i}", await ReceiveTextAsync(second));
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task HandlerThatRepliesAfterAnAwaitIsAnsweredInOrder(string kind, TransportEngine engine)
    {
        using var transport = CreateTransport(kind, engine);
        var handler = DatagramHandler.Create(async (datagram, cancellationToken) =>
        {
            await Task.Delay(5, cancellationToken);
            await datagram.ReplyAsync($"late {datagram.Text}");
        });
        await using var server = await StartAsync(transport, handler);
        using var client = transport.CreateClient(server.EndPoints[0]);

        await SendAsync(client, "one");
        await SendAsync(client, "two");
        await SendAsync(client, "three");

        Assert.Equal("late one", await ReceiveTextAsync(client));
        Assert.Equal("late two", await ReceiveTextAsync(client));
        Assert.Equal("late three", await ReceiveTextAsync(client));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task HandlerThatThrowsIsLoggedAndLaterDatagramsAreStillAnswered(string kind, TransportEngine engine)
    {
        using var transport = CreateTransport(kind, engine);
        var logs = new RecordingLoggerFactory();
        var handler = DatagramHandler.Create((datagram, _) => datagram.Text switch
        {
            "boom" => throw new InvalidOperationException("boom"),
            "bad" => throw new FramingException("not a valid request"),
            _ => datagram.ReplyAsync(datagram.Data),
        });
        await using var server = await StartAsync(transport, handler, logs);
        using var client = transport.CreateClient(server.EndPoints[0]);

        await SendAsync(client, "boom");
        await SendAsync(client, "bad");
        await SendAsync(client, "still here");

        Assert.Equal("still here", await ReceiveTextAsync(client));
        Assert.IsType<InvalidOperationException>(Assert.Single(logs.WithEvent("DatagramHandlerFailed")).Exception);
        Assert.Contains("not a valid request", Assert.Single(logs.WithEvent("BadDatagram")).Message);
    }

    [Theory]
    [InlineData(TransportEngine.Sockets)]
    [InlineData(TransportEngine.Epoll)]
    public async Task RepliesToAUnixReceiverThatIsNotReadingWaitForRoomAndAreAllDelivered(TransportEngine engine)
    {
        // 64 replies of 8 KiB are more than the server socket's send buffer (about 208 KiB) holds while the
        // client is not reading, so some sends must wait for room (EAGAIN) rather than fail or vanish.
        const int Replies = 64;
        const int Size = 8_192;
        using var transport = new UnixDatagramTransport(engine);
        var waited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = DatagramHandler.Create(async (datagram, _) =>
        {
            for (var i = 0; i < Replies; i++)
            {
                var payload = new byte[Size];
                Encoding.ASCII.GetBytes($"r{i}.").CopyTo(payload, 0);
                var reply = datagram.ReplyAsync(payload);
                if (!reply.IsCompleted)
                {
                    waited.TrySetResult();
                }

                await reply;
            }
        });
        await using var server = await StartAsync(transport, handler);
        using var client = transport.CreateClient(server.EndPoints[0]);

        await SendAsync(client, "go");
        await waited.Task.WithTimeout();

        for (var i = 0; i < Replies; i++)
        {
            var reply = await ReceiveTextAsync(client);
            Assert.Equal(Size, reply.Length);
            Assert.StartsWith($"r{i}.", reply);
        }
    }

    [Theory]
    [InlineData(TransportEngine.Sockets)]
    [InlineData(TransportEngine.Epoll)]
    public async Task OversizeUnixDatagramReachesTheHandlerCutToOneByteOverTheLimit(TransportEngine engine)
    {
        using var transport = new UnixDatagramTransport(engine);
        await using var server = await StartAsync(transport, LengthReplier());
        using var client = transport.CreateClient(server.EndPoints[0]);

        await client.SendAsync(new byte[DatagramChannel.MaxDatagramSize], SocketFlags.None).WithTimeout();
        await client.SendAsync(new byte[70_000], SocketFlags.None).WithTimeout();

        Assert.Equal($"{DatagramChannel.MaxDatagramSize}", await ReceiveTextAsync(client));
        Assert.Equal($"{DatagramChannel.MaxDatagramSize + 1}", await ReceiveTextAsync(client));
    }

    [Theory]
    [InlineData(TransportEngine.Sockets)]
    [InlineData(TransportEngine.Epoll)]
    public async Task Ipv6DatagramsAreAnsweredAndOversizeOnesCutToOneByteOverTheLimit(TransportEngine engine)
    {
        await using var server = new NetServer(new NetServerOptions { Transport = { Engine = engine } });
        server.Listen(NetEndPoint.Udp("::1", 0), LengthReplier());
        await server.StartAsync().WithTimeout();
        using var client = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        client.Connect(new IPEndPoint(IPAddress.IPv6Loopback, server.EndPoints[0].Port));

        await client.SendAsync(new byte[32], SocketFlags.None).WithTimeout();
        // IPv6 carries UDP payloads up to 65,527 bytes, more than the IPv4 limit the server's slots are sized for.
        await client.SendAsync(new byte[65_520], SocketFlags.None).WithTimeout();

        Assert.Equal("32", await ReceiveTextAsync(client));
        Assert.Equal($"{DatagramChannel.MaxDatagramSize + 1}", await ReceiveTextAsync(client));
    }

    [Theory]
    [InlineData(TransportEngine.Sockets)]
    [InlineData(TransportEngine.Epoll)]
    public async Task ReplyToAClosedPortDoesNotStopTheServer(TransportEngine engine)
    {
        using var transport = new UdpDatagramTransport(engine);
        var logs = new RecordingLoggerFactory();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = DatagramHandler.Create(async (datagram, _) =>
        {
            if (datagram.Text == "wait")
            {
                entered.TrySetResult();
                await release.Task;
            }

            await datagram.ReplyAsync(datagram.Data);
        });
        await using var server = await StartAsync(transport, handler, logs);
        var gone = transport.CreateClient(server.EndPoints[0]);
        using var other = transport.CreateClient(server.EndPoints[0]);

        await SendAsync(gone, "wait");
        await entered.Task.WithTimeout();
        gone.Dispose();
        release.SetResult();
        await SendAsync(other, "first");
        await SendAsync(other, "second");

        Assert.Equal("first", await ReceiveTextAsync(other));
        Assert.Equal("second", await ReceiveTextAsync(other));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task StopWhileIdleEndsPromptlyAndReleasesTheAddress(string kind, TransportEngine engine)
    {
        using var transport = CreateTransport(kind, engine);
        var server = await StartAsync(transport, LengthReplier());
        var bound = server.EndPoints[0];
        using (var client = transport.CreateClient(bound))
        {
            await SendAsync(client, "ready");
            Assert.Equal("5", await ReceiveTextAsync(client));
        }

        var stopwatch = Stopwatch.StartNew();
        await server.StopAsync().WithTimeout();
        await server.DisposeAsync().WithTimeout();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {stopwatch.Elapsed}");
        await using var again = new NetServer(new NetServerOptions { Transport = { Engine = engine } });
        again.Listen(bound, LengthReplier());
        await again.StartAsync().WithTimeout();
        Assert.Equal(bound, again.EndPoints[0]);
    }

    private static DatagramTransport CreateTransport(string kind, TransportEngine engine) =>
        kind == "udp" ? new UdpDatagramTransport(engine) : new UnixDatagramTransport(engine);

    private static DatagramHandler LengthReplier() =>
        DatagramHandler.Create((datagram, _) => datagram.ReplyAsync(datagram.Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static async Task<NetServer> StartAsync(DatagramTransport transport, IDatagramApplication application, RecordingLoggerFactory? logs = null)
    {
        var server = new NetServer(new NetServerOptions { Transport = { Engine = transport.Engine } }, logs);
        try
        {
            server.Listen(transport.CreateEndpoint(), application);
            await server.StartAsync().WithTimeout();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task SendAsync(Socket client, string text) =>
        await client.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None).WithTimeout();

    private static async Task SendNumberedAsync(Socket client, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await SendAsync(client, $"{prefix}{i}");
        }
    }

    private static async Task<string> ReceiveTextAsync(Socket client)
    {
        var buffer = new byte[65_536];
        var received = await client.ReceiveAsync(buffer, SocketFlags.None).WithTimeout();
        return Encoding.UTF8.GetString(buffer, 0, received);
    }
}
