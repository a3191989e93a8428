using System.Net;
using System.Net.Sockets;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>TCP on 127.0.0.1, port 0.</summary>
public class TcpStreamTransport : StreamTransport
{
    public override string Name => "tcp";

    public override NetEndPoint CreateEndpoint() => NetEndPoint.Tcp("127.0.0.1", 0);

    public override Socket CreateClientSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    /// <summary>Returns a loopback port that nothing listens on: bound, read back and released.</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
