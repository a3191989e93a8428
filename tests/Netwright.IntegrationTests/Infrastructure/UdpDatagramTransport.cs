using System.Net;
using System.Net.Sockets;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>UDP on 127.0.0.1, port 0, with servers on <paramref name="engine"/>.</summary>
public sealed class UdpDatagramTransport(TransportEngine engine = TransportEngine.Sockets) : DatagramTransport(engine)
{
    public override NetEndPoint CreateEndpoint() => NetEndPoint.Udp("127.0.0.1", 0);

    public override Socket CreateClient(NetEndPoint bound)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Connect(new IPEndPoint(IPAddress.Loopback, bound.Port));
        return socket;
    }
}
