using System.Net;
using System.Net.Sockets;
using System.Text;
using HostedServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netwright.Testing;

namespace HostedServer.Tests;

/// <summary>The HostedServer sample as it ships: its appsettings.json, with the ports moved to 0 on the command line.</summary>
public sealed class FortuneHostTests
{
    [Fact]
    public async Task TheSampleServesItsOwnProtocolAndTheTimestampServiceFromAppSettings()
    {
        var builder = FortuneHost.CreateBuilder(
        [
            "--contentRoot", AppContext.BaseDirectory,
            "--Netwright:Listeners:0:Endpoint=tcp://127.0.0.1:0",
            "--Netwright:Listeners:1:Endpoint=tcp://127.0.0.1:0",
        ]);
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        var server = host.Services.GetServices<IHostedService>().OfType<Netwright.Hosting.Internal.NetwrightHostedService>().Single().Server!;

        using var timeout = TestTimeouts.CreateTokenSource();
        using var fortune = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await fortune.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.EndPoints[0].Port), timeout.Token);
        Assert.Equal("fortune server: FORTUNE or COUNT", await ReadLineAsync(fortune, timeout.Token));
        await fortune.SendAsync("FORTUNE\nfortune\nCOUNT\nhello\n"u8.ToArray(), timeout.Token);
        Assert.Equal("A fair wind is coming.", await ReadLineAsync(fortune, timeout.Token));
        Assert.Equal("Measure twice, send once.", await ReadLineAsync(fortune, timeout.Token));
        Assert.Equal("2 told", await ReadLineAsync(fortune, timeout.Token));
        Assert.Equal("? FORTUNE or COUNT", await ReadLineAsync(fortune, timeout.Token));

        using var stamp = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await stamp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.EndPoints[1].Port), timeout.Token);
        await stamp.SendAsync("hi\n"u8.ToArray(), timeout.Token);
        Assert.Matches(@"^\[.+\] hi$", await ReadLineAsync(stamp, timeout.Token));

        Assert.Equal(1000, server.Options.MaxConnections);
        Assert.Equal(1024, server.Options.MaxLineLength);
        await host.StopAsync().DefaultTimeout();
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[1];
        while (await socket.ReceiveAsync(buffer, cancellationToken) == 1 && buffer[0] != '\n')
        {
            received.Add(buffer[0]);
        }

        return Encoding.UTF8.GetString(received.ToArray()).TrimEnd('\r');
    }
}
