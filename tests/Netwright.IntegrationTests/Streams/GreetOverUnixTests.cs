using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class GreetOverUnixTests() : GreetStreamSuite(new UnixStreamTransport());
