using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netwright.Applications;
using Netwright.Servers;

namespace Netwright.Tests.Support;

/// <summary>Builds the <see cref="ServerContext"/> a server would hand its applications, without a server.</summary>
internal static class TestServer
{
    public static ServerContext Context(
        TimeProvider clock,
        Action<NetServerOptions>? configure = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken stopping = default)
    {
        var options = new NetServerOptions();
        configure?.Invoke(options);
        return new ServerContext(options, loggerFactory ?? NullLoggerFactory.Instance, clock, stopping);
    }
}
