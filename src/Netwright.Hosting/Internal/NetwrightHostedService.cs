using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netwright.Diagnostics;

namespace Netwright.Hosting.Internal;

/// <summary>
/// The server as a hosted service: checks and composes the configuration and binds in <see cref="StartAsync"/>, stops
/// gracefully in <see cref="StopAsync"/> (the host's token is its shutdown timeout), and applies reloaded limits.
/// </summary>
internal sealed partial class NetwrightHostedService : IHostedService, IAsyncDisposable
{
    private readonly IOptionsMonitor<NetwrightOptions> _monitor;
    private readonly NamedApplications _named;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly NetwrightMetrics _metrics;
    private readonly ILogger _logger;
    private ComposedServer? _server;
    private string? _listenerShape;
    private IDisposable? _reloads;

    public NetwrightHostedService(IOptionsMonitor<NetwrightOptions> monitor, NamedApplications named, IServiceProvider services, ILoggerFactory loggerFactory, IMeterFactory? meterFactory = null)
    {
        _monitor = monitor;
        _named = named;
        _services = services;
        _loggerFactory = loggerFactory;
        _metrics = new NetwrightMetrics(meterFactory);
        _logger = loggerFactory.CreateLogger<NetwrightHostedService>();
    }

    /// <summary>Gets the running server (null before start); tests read its bound endpoints.</summary>
    internal Servers.NetServer? Server => _server?.Server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _monitor.CurrentValue;
        var errors = OptionsChecker.Check(options, _named);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(NetwrightOptions.SectionName, typeof(NetwrightOptions), errors);
        }

        _server = ServerComposer.Compose(options, _named, _services, _loggerFactory, _metrics);
        _listenerShape = ListenerShape(options);
        await _server.Server.StartAsync(cancellationToken).ConfigureAwait(false);
        _reloads = _monitor.OnChange(Reload);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _reloads?.Dispose();
        if (_server is null)
        {
            return;
        }

        // The shorter of the host's shutdown timeout (cancellationToken) and the configured one.
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(_server.Server.Options.ShutdownTimeout);
        await _server.Server.StopAsync(grace.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _reloads?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _metrics.Dispose();
    }

    /// <summary>Applies what can change while running (the connection limit) and says what needs a restart.</summary>
    private void Reload(NetwrightOptions options)
    {
        if (_server is null)
        {
            return;
        }

        var errors = OptionsChecker.Check(options, _named);
        if (errors.Count > 0)
        {
            LogReloadRejected(_logger, string.Join("; ", errors));
            return;
        }

        var current = _server.Server.Options;
        if (current.MaxConnections != options.Limits.MaxConnections)
        {
            LogLimitChanged(_logger, "Limits:MaxConnections", current.MaxConnections, options.Limits.MaxConnections);
            current.MaxConnections = options.Limits.MaxConnections;
        }

        if (ListenerShape(options) != _listenerShape)
        {
            LogRestartNeeded(_logger, "Listeners");
        }

        var fresh = ServerComposer.CreateServerOptions(options);
        if (fresh.MaxLineLength != current.MaxLineLength || fresh.IdleTimeout != current.IdleTimeout || fresh.ShutdownTimeout != current.ShutdownTimeout
            || fresh.Transport.MaxReadBufferSize != current.Transport.MaxReadBufferSize || fresh.Transport.MaxWriteBufferSize != current.Transport.MaxWriteBufferSize
            || fresh.Transport.Engine != current.Transport.Engine || AccessShape(fresh.AccessControl) != AccessShape(current.AccessControl))
        {
            LogRestartNeeded(_logger, "Limits (other than MaxConnections), Timeouts, AccessControl or Engine");
        }
    }

    private static string ListenerShape(NetwrightOptions options) =>
        string.Join("|", options.Listeners.Select(l => $"{l.Endpoint};{l.Service};{l.Handler};{l.Style};{l.Tls.Certificate};{l.Tls.Key}"));

    private static string AccessShape(Servers.AccessControlOptions access) =>
        $"{string.Join(",", access.Allow)};{string.Join(",", access.Deny)};{access.MaxConnectionsPerAddress};{access.MaxConnectionRatePerAddress};{access.MaxDatagramRatePerSource}";

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "configuration reloaded: {Key} {Old} -> {New}, applied")]
    private static partial void LogLimitChanged(ILogger logger, string key, int old, int @new);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "configuration reloaded: a change to {What} takes effect only after a restart")]
    private static partial void LogRestartNeeded(ILogger logger, string what);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "configuration reloaded with errors, nothing applied: {Errors}")]
    private static partial void LogReloadRejected(ILogger logger, string errors);
}
