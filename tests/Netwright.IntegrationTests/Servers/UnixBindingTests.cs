using System.Net.Sockets;
using Netwright.Errors;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Servers;

public sealed class UnixBindingTests
{
    [Fact]
    public async Task StaleSocketFileFromAnEarlierRunIsReplaced()
    {
        using var directory = new LoopbackDirectory();
        var path = directory.File("stale.sock");
        using (var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // .NET unlinks the path it bound when the socket is disposed; moving the file away first
            // leaves a socket file nobody listens on, as a crashed server does.
            var original = directory.File("bound.sock");
            crashed.Bind(new UnixDomainSocketEndPoint(original));
            crashed.Listen();
            File.Move(original, path);
        }

        Assert.True(File.Exists(path));
        await using var server = new NetServer();
        server.Listen(NetEndPoint.Unix(path), ServiceCatalog.Greet.CreateStreamApplication(ServiceStyle.Handler));
        await server.StartAsync().WithTimeout();

        Assert.Equal(path, server.EndPoints[0].Path);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path)).WithTimeout();
        var buffer = new byte[64];
        var received = await client.ReceiveAsync(buffer, SocketFlags.None).WithTimeout();
        Assert.Equal("Thank you for connecting\r\n", System.Text.Encoding.ASCII.GetString(buffer, 0, received));
    }

    [Fact]
    public async Task PathOfALiveServerIsAddressInUse()
    {
        using var directory = new LoopbackDirectory();
        var path = directory.File("live.sock");
        await using var first = new NetServer();
        first.Listen(NetEndPoint.Unix(path), ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));
        await first.StartAsync().WithTimeout();
        await using var second = new NetServer();
        second.Listen(NetEndPoint.Unix(path), ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));

        await Assert.ThrowsAsync<AddressInUseException>(() => second.StartAsync().WithTimeout());

        Assert.True(File.Exists(path), "the live server's socket file must not be removed");
    }

    [Theory]
    [InlineData(TransportKind.Unix)]
    [InlineData(TransportKind.UnixDatagram)]
    public async Task PathInAMissingDirectoryGivesAClearError(TransportKind kind)
    {
        using var directory = new LoopbackDirectory();
        var missing = Path.Combine(directory.Path, "no-such-dir");
        var endpoint = kind == TransportKind.Unix ? NetEndPoint.Unix(Path.Combine(missing, "s.sock")) : NetEndPoint.UnixDatagram(Path.Combine(missing, "s.sock"));
        await using var server = new NetServer();
        if (endpoint.IsStream)
        {
            server.Listen(endpoint, ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));
        }
        else
        {
            server.Listen(endpoint, ServiceCatalog.Echo.CreateDatagramApplication(ServiceStyle.Handler));
        }

        var error = await Assert.ThrowsAsync<NetwrightException>(() => server.StartAsync().WithTimeout());

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task StoppingRemovesTheSocketFile()
    {
        using var directory = new LoopbackDirectory();
        var path = directory.File("s.sock");
        var server = new NetServer();
        server.Listen(NetEndPoint.Unix(path), ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler));
        await server.StartAsync().WithTimeout();
        Assert.True(File.Exists(path));

        await server.StopAsync().WithTimeout();
        await server.DisposeAsync().WithTimeout();

        Assert.False(File.Exists(path));
    }
}
