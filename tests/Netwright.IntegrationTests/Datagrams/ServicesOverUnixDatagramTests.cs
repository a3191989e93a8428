using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Datagrams;

public sealed class ServicesOverUnixDatagramTests() : DatagramSuite(new UnixDatagramTransport());
