using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class ServerLifecycleOverEpollUnixTests() : ServerLifecycleSuite(new EpollUnixStreamTransport());
