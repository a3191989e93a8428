using Microsoft.Extensions.Logging;

namespace Netwright.Applications;

/// <summary>What a running server shares with the applications it hosts: its options, clock, logging and stop signal.</summary>
public sealed class ServerContext
{
    internal ServerContext(ApplicationOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken stopping)
    {
        Options = options;
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        Stopping = stopping;
        LogLimiter = new Diagnostics.LogLimiter(timeProvider, options.LogInterval);
    }

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
