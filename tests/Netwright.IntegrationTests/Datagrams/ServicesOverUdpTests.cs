using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Datagrams;

public sealed class ServicesOverUdpTests() : DatagramSuite(new UdpDatagramTransport());
