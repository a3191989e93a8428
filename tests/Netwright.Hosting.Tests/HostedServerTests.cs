using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netwright.Diagnostics;
using Netwright.Protocols;
using Netwright.Testing;

namespace Netwright.Hosting.Tests;

/// <summary>AddNetwrightServer in a real Generic Host: listeners from configuration, protocols from DI, validation, reload, stop.</summary>
public sealed class HostedServerTests
{
    [Fact]
    public async Task ConfiguredReadyServiceAnswersOnceTheHostHasStarted()
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "echo",
            ["Netwright:Listeners:1:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:1:Service"] = "timestamp",
            ["Netwright:Listeners:1:Style"] = "event",
        });
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();

        var server = HostFixture.Server(host);
        Assert.Equal("hello", await HostFixture.ExchangeLineAsync(server.EndPoints[0].Ip(), "hello"));
        Assert.Matches(@"^\[.+\] hello$", await HostFixture.ExchangeLineAsync(server.EndPoints[1].Ip(), "hello"));

        await host.StopAsync().DefaultTimeout();
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task NamedProtocolGetsItsConstructorDependenciesFromTheContainerForEveryConnection()
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Handler"] = "counted",
        });
        builder.Services.AddSingleton<ConnectionCounter>();
        builder.Services.AddNetwrightServer().AddProtocol<CountedProtocol>("counted");
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();

        var endpoint = HostFixture.Server(host).EndPoints[0].Ip();
        Assert.Equal("1 hi", await HostFixture.ExchangeLineAsync(endpoint, "hi"));
        Assert.Equal("2 hi", await HostFixture.ExchangeLineAsync(endpoint, "hi"));
        await host.StopAsync().DefaultTimeout();
    }

    [Theory]
    [InlineData("Endpoint", "tcp://127.0.0.1:notaport", "Netwright:Listeners:0:Endpoint = 'tcp://127.0.0.1:notaport'")]
    [InlineData("Service", "ehco", "Netwright:Listeners:0:Service = 'ehco': unknown service")]
    [InlineData("Style", "threads", "Netwright:Listeners:0:Style = 'threads': expected Handler or Event")]
    [InlineData("Tls:Certificate", "/nonexistent/cert.pem", "Netwright:Listeners:0:Tls:Certificate = '/nonexistent/cert.pem': no such file")]
    public async Task BadConfigurationStopsTheStartWithTheKeyAndTheValue(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "echo",
        };
        settings["Netwright:Listeners:0:" + key] = value;
        var builder = HostFixture.CreateBuilder(settings);
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().DefaultTimeout());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadAppliesTheConnectionLimitAndSaysThatAListenerChangeNeedsARestart()
    {
        var logs = new RecordingLoggerFactory();
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "echo",
            ["Netwright:Limits:MaxConnections"] = "100",
        }, logs);
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        var server = HostFixture.Server(host);

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["Netwright:Limits:MaxConnections"] = "1";
        configuration["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:1";
        configuration.Reload();

        Assert.Equal(1, server.Options.MaxConnections);
        Assert.Contains(logs.AtLeast(LogLevel.Warning), e => e.Message.Contains("a change to Listeners takes effect only after a restart", StringComparison.Ordinal));
        using var first = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(server.EndPoints[0].Ip()).DefaultTimeout();
        await first.SendAsync("x\n"u8.ToArray()).DefaultTimeout();
        using var timeout = TestTimeouts.CreateTokenSource();
        Assert.Equal("x", await HostFixture.ReadLineAsync(first, timeout.Token));
        using var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(server.EndPoints[0].Ip()).DefaultTimeout();
        // Over the reloaded limit: accepted and closed at once.
        Assert.Equal(0, await second.ReceiveAsync(new byte[16], timeout.Token));
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task StopEndsWithinTheHostShutdownTimeoutEvenWhenAConnectionIgnoresIt()
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Handler"] = "stubborn",
            // Far longer than the host allows: the host's timeout must win.
            ["Netwright:Timeouts:Shutdown"] = "01:00:00",
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(300));
        builder.Services.AddNetwrightServer().AddProtocol<StubbornProtocol>("stubborn");
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        var server = HostFixture.Server(host);
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(server.EndPoints[0].Ip()).DefaultTimeout();
        await client.SendAsync("x\n"u8.ToArray()).DefaultTimeout();
        using var timeout = TestTimeouts.CreateTokenSource();
        Assert.Equal("busy", await HostFixture.ReadLineAsync(client, timeout.Token));

        await host.StopAsync().DefaultTimeout();

        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task InstrumentsComeFromTheHostsMeterFactory()
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "echo",
        });
        builder.Services.AddMetrics();
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var opened = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == NetwrightMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "netwright.active_connections" && value > 0)
            {
                Interlocked.Add(ref opened, value);
            }
        });
        listener.Start();
        await host.StartAsync().DefaultTimeout();

        Assert.Equal("m", await HostFixture.ExchangeLineAsync(HostFixture.Server(host).EndPoints[0].Ip(), "m"));

        Assert.Equal(1, Interlocked.Read(ref opened));
        await host.StopAsync().DefaultTimeout();
    }

    internal sealed class ConnectionCounter
    {
        private int _count;

        public int Next() => Interlocked.Increment(ref _count);
    }

    internal sealed class CountedProtocol(ConnectionCounter counter) : LineProtocol
    {
        private readonly int _number = counter.Next();

        public override void OnLineReceived(string line) => SendLine($"{_number} {line}");
    }

    /// <summary>Answers once and then never closes, even when the server stops.</summary>
    internal sealed class StubbornProtocol : LineProtocol
    {
        public override void OnLineReceived(string line) => SendLine("busy");
    }
}
