using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class TimestampOverUnixTests() : TimestampStreamSuite(new UnixStreamTransport());
