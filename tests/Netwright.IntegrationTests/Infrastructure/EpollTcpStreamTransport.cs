using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>TCP on 127.0.0.1, port 0, with the servers on the epoll engine.</summary>
public sealed class EpollTcpStreamTransport : TcpStreamTransport
{
    public override string Name => "tcp (epoll)";

    public override TransportEngine Engine => TransportEngine.Epoll;
}
