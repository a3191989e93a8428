using Netwright.IntegrationTests.Infrastructure;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Datagrams;

public sealed class ServicesOverEpollUdpTests() : DatagramSuite(new UdpDatagramTransport(TransportEngine.Epoll));
