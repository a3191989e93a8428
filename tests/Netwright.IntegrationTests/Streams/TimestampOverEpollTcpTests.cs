using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class TimestampOverEpollTcpTests() : TimestampStreamSuite(new EpollTcpStreamTransport());
