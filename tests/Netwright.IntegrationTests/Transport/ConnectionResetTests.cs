using System.Net.Sockets;
using Netwright.Errors;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Transport;

/// <summary>Both engines report a peer's reset the same way, through the one socket error map.</summary>
public sealed class ConnectionResetTests
{
    public static TheoryData<string> Engines => OperatingSystem.IsLinux() ? new("epoll", "sockets") : new("sockets");

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task APeersResetFailsTheInputWithConnectionResetAroundTheSocketError(string engine)
    {
        using StreamTransport transport = engine == "epoll" ? new EpollTcpStreamTransport() : new TcpStreamTransport();
        var options = new SocketTransportOptions { Engine = transport.Engine };
        await using var listener = await StreamListener.BindAsync(transport.CreateEndpoint(), options).WithTimeout();
        var client = await transport.ConnectAsync(listener.EndPoint, CancellationToken.None);
        await using var connection = (await listener.AcceptAsync().WithTimeout())!;

        // SO_LINGER with a zero timeout turns close into a reset (socket(7)).
        client.LingerState = new LingerOption(true, 0);
        client.Dispose();

        var error = await Assert.ThrowsAsync<ConnectionResetException>(async () =>
        {
            while (true)
            {
                var result = await connection.Transport.Input.ReadAsync().WithTimeout();
                Assert.False(result.IsCompleted, "the reset was read as an orderly end of stream");
                connection.Transport.Input.AdvanceTo(result.Buffer.End);
            }
        });
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }
}
