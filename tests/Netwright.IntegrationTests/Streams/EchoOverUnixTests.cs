using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class EchoOverUnixTests() : EchoStreamSuite(new UnixStreamTransport());
