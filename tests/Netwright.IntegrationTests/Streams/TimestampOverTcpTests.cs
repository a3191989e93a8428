using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class TimestampOverTcpTests() : TimestampStreamSuite(new TcpStreamTransport());
