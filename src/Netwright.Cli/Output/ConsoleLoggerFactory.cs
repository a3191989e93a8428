using Microsoft.Extensions.Logging;

namespace Netwright.Cli.Output;

/// <summary>
/// The logger factory of the command's one log destination, a <see cref="ConsoleLoggerProvider"/>: its loggers pass
/// the given level and above, and scopes (the connection's id and endpoints in JSON lines) are kept per async flow.
/// </summary>
/// <remarks>
/// Not <c>Microsoft.Extensions.Logging.LoggerFactory</c>: with a single provider that filters for itself, that factory
/// only adds start-up work before <c>serve</c> is ready (reading the provider's alias attribute by reflection, an
/// options monitor, the filter rules), which bench/startup measures.
/// </remarks>
internal sealed class ConsoleLoggerFactory : ILoggerFactory
{
    private readonly ConsoleLoggerProvider _provider;
    private readonly LogLevel _minimum;

    public ConsoleLoggerFactory(ConsoleLoggerProvider provider, LogLevel minimum)
    {
        _provider = provider;
        _minimum = minimum > provider.Minimum ? minimum : provider.Minimum;
        provider.SetScopeProvider(new LoggerExternalScopeProvider());
    }

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName, _minimum);

    /// <summary>Not supported: the command logs to its error stream alone.</summary>
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("the command's logger factory writes to its error stream only");

    public void Dispose()
    {
    }
}
