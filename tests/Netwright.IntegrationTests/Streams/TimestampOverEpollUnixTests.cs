using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class TimestampOverEpollUnixTests() : TimestampStreamSuite(new EpollUnixStreamTransport());
