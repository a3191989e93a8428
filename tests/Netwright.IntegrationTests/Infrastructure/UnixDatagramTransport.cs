using System.Net.Sockets;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>
/// Unix datagram sockets in a private temporary directory, removed on dispose; clients bind their own paths there.
/// Servers run on <paramref name="engine"/>.
/// </summary>
public sealed class UnixDatagramTransport(TransportEngine engine = TransportEngine.Sockets) : DatagramTransport(engine)
{
    private readonly LoopbackDirectory _directory = new();
    private int _next;

    public override NetEndPoint CreateEndpoint() => NetEndPoint.UnixDatagram(_directory.File($"d{Interlocked.Increment(ref _next)}.sock"));

    public override Socket CreateClient(NetEndPoint bound)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_directory.File($"c{Interlocked.Increment(ref _next)}.sock")));
        socket.Connect(new UnixDomainSocketEndPoint(bound.Path!));
        return socket;
    }

    public override void Dispose()
    {
        _directory.Dispose();
        base.Dispose();
    }
}
