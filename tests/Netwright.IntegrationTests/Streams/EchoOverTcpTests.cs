using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class EchoOverTcpTests() : EchoStreamSuite(new TcpStreamTransport());
