using Netwright.IntegrationTests.Infrastructure;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Datagrams;

public sealed class ServicesOverEpollUnixDatagramTests() : DatagramSuite(new UnixDatagramTransport(TransportEngine.Epoll));
