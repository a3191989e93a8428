using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class EchoOverEpollUnixTests() : EchoStreamSuite(new EpollUnixStreamTransport());
