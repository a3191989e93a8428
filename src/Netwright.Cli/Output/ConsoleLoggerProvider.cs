using Microsoft.Extensions.Logging;

namespace Netwright.Cli.Output;

/// <summary>
/// Writes log lines to the command's error stream, one line each (<c>warn: message</c>), so a server's
/// log stays readable in a terminal and capturable in tests; data never goes to this stream.
/// </summary>
internal sealed class ConsoleLoggerProvider(TextWriter writer, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    /// <summary>Writes one line under the lock, so lines from concurrent connections never interleave.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Prefix(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger(ConsoleLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{Prefix(logLevel)}: {formatter(state, exception)}";
            if (exception is not null && logLevel >= LogLevel.Error)
            {
                line += $"{Environment.NewLine}      {exception.GetType().Name}: {exception.Message}";
            }

            provider.WriteLine(line);
        }
    }
}
