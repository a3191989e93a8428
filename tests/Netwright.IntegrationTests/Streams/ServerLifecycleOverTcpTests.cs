using Netwright.IntegrationTests.Infrastructure;

namespace Netwright.IntegrationTests.Streams;

public sealed class ServerLifecycleOverTcpTests() : ServerLifecycleSuite(new TcpStreamTransport());
