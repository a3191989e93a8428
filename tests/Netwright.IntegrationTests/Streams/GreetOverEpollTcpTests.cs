using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class GreetOverEpollTcpTests() : GreetStreamSuite(new EpollTcpStreamTransport());
