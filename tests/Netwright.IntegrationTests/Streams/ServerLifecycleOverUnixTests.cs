using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class ServerLifecycleOverUnixTests() : ServerLifecycleSuite(new UnixStreamTransport());
