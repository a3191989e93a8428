using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class ServerLifecycleOverEpollTcpTests() : ServerLifecycleSuite(new EpollTcpStreamTransport());
