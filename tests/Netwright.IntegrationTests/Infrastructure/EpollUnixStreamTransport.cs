using Netwright.Transport;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>Unix stream sockets in a private temporary directory, with the servers on the epoll engine.</summary>
public sealed class EpollUnixStreamTransport : UnixStreamTransport
{
    public override string Name => "unix (epoll)";

    public override TransportEngine Engine => TransportEngine.Epoll;
}
