using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class GreetOverEpollUnixTests() : GreetStreamSuite(new EpollUnixStreamTransport());
