using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netwright.Hosting.Internal;
using Netwright.Servers;
using Netwright.Testing;

namespace Netwright.Hosting.Tests;

/// <summary>A Generic Host built from in-memory configuration, with the hosted Netwright server in it; logs recorded.</summary>
internal static class HostFixture
{
    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?> settings, RecordingLoggerFactory? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        if (logs is not null)
        {
            builder.Services.AddSingleton<ILoggerFactory>(logs);
        }

        return builder;
    }

    public static NetServer Server(IHost host) =>
        host.Services.GetServices<IHostedService>().OfType<NetwrightHostedService>().Single().Server!;

    /// <summary>Sends one line and reads one line back.</summary>
    public static async Task<string> ExchangeLineAsync(System.Net.EndPoint endpoint, string line)
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), timeout.Token);
        return await ReadLineAsync(socket, timeout.Token);
    }

    public static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[1];
        while (await socket.ReceiveAsync(buffer, cancellationToken) == 1 && buffer[0] != '\n')
        {
            received.Add(buffer[0]);
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}

/// <summary>Endpoint helpers for the tests.</summary>
internal static class EndpointExtensions
{
    public static System.Net.IPEndPoint Ip(this Netwright.Transport.NetEndPoint endpoint) => new(System.Net.IPAddress.Parse(endpoint.Host!), endpoint.Port);
}
