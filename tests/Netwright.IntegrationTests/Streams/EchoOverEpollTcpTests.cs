using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class EchoOverEpollTcpTests() : EchoStreamSuite(new EpollTcpStreamTransport());
