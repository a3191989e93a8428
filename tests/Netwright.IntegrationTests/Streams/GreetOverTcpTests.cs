using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class GreetOverTcpTests() : GreetStreamSuite(new TcpStreamTransport());
