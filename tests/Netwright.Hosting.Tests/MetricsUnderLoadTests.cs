using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Netwright.Diagnostics;
using Netwright.Testing;

namespace Netwright.Hosting.Tests;

/// <summary>The instruments read through a <see cref="MeterListener"/> on the host's meter while clients are connected and talking.</summary>
public sealed class MetricsUnderLoadTests
{
    [Fact]
    public async Task ConnectionsBytesAndChatMessageSizesAreReadableWhileLoadRuns()
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "echo",
            ["Netwright:Listeners:1:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:1:Service"] = "chat",
        });
        builder.Services.AddMetrics();
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var longs = new ConcurrentDictionary<string, long>();
        var chatSizes = new ConcurrentQueue<long>();
        var bytesByPort = new ConcurrentDictionary<int, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == NetwrightMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            longs.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            if (instrument.Name == "netwright.io")
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "server.port")
                    {
                        bytesByPort.AddOrUpdate((int)tag.Value!, value, (_, sum) => sum + value);
                    }
                }
            }

            if (instrument.Name == "netwright.chat.message.size")
            {
                chatSizes.Enqueue(value);
            }
        });
        listener.Start();
        await host.StartAsync().DefaultTimeout();
        var server = HostFixture.Server(host);

        // Load: 20 connections, each exchanging 50 lines, all open at once.
        var clients = new List<Socket>();
        using var timeout = TestTimeouts.CreateTokenSource();
        for (var i = 0; i < 20; i++)
        {
            var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(server.EndPoints[0].Ip(), timeout.Token);
            clients.Add(client);
        }

        await Task.WhenAll(clients.Select(async client =>
        {
            for (var n = 0; n < 50; n++)
            {
                await client.SendAsync("0123456789\n"u8.ToArray(), timeout.Token);
                Assert.Equal("0123456789", await HostFixture.ReadLineAsync(client, timeout.Token));
            }
        }));
        var activeDuringLoad = longs.GetValueOrDefault("netwright.active_connections");
        var acceptedDuringLoad = longs.GetValueOrDefault("netwright.accepted_connections");

        using (var chat = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await chat.ConnectAsync(server.EndPoints[1].Ip(), timeout.Token);
            await chat.SendAsync("NICK meter\r\nUSER meter 0 * :Meter\r\nJOIN #load\r\nPRIVMSG #load :hello, metrics\r\nQUIT\r\n"u8.ToArray(), timeout.Token);
            while (await chat.ReceiveAsync(new byte[4096], timeout.Token) > 0)
            {
                // Read until the server closes after QUIT: the message has been handled by then.
            }
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        await host.StopAsync().DefaultTimeout();

        Assert.Equal(20, activeDuringLoad);
        Assert.Equal(20, acceptedDuringLoad);
        Assert.Equal("hello, metrics".Length, Assert.Single(chatSizes));
        // Every line went in and came back: 20 × 50 × 11 bytes each way, counted as the connections closed.
        Assert.Equal(2 * 20 * 50 * 11, bytesByPort.GetValueOrDefault(server.EndPoints[0].Port));
        Assert.Equal(0, longs.GetValueOrDefault("netwright.active_connections"));
    }
}
