using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Netwright.Applications;

/// <summary>What a running server shares with the applications it hosts: its options, clock, logging and stop signal.</summary>
public sealed class ServerContext
{
    /// <summary>
    /// Creates the context an application runs in. <see cref="Netwright.Servers.NetServer"/> makes its own; create one to host an
    /// application without a server, as <c>Netwright.Testing</c>'s harness does over in-memory connections.
    /// </summary>
    /// <param name="options">The options the application sees (a <see cref="Netwright.Servers.NetServerOptions"/>).</param>
    /// <param name="loggerFactory">Where the application logs; null for none.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="stopping">Fires when the host begins a graceful stop.</param>
    public ServerContext(ApplicationOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken stopping = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Stopping = stopping;
        LogLimiter = new Diagnostics.LogLimiter(TimeProvider, options.LogInterval);
    }

    /// <summary>Gets the server's instruments, for services that record their own (chat message sizes, file transfer sizes); null outside a server.</summary>
    internal Diagnostics.NetwrightMetrics? Metrics { get; init; }

    /// <summary>Gets the limiter every peer-caused log line of this server goes through.</summary>
    internal Diagnostics.LogLimiter LogLimiter { get; }

    /// <summary>Gets the server's settings that applications read (a <see cref="Netwright.Servers.NetServerOptions"/> on a <see cref="Netwright.Servers.NetServer"/>).</summary>
    public ApplicationOptions Options { get; }

    /// <summary>Gets the logger factory the server logs through.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Gets the clock for timestamps and timers (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets a token that fires when a graceful stop begins: finish the message in hand, then end.</summary>
    public CancellationToken Stopping { get; }
}
