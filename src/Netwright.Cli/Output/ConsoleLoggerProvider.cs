using Microsoft.Extensions.Logging;

namespace Netwright.Cli.Output;

/// <summary>
/// Writes log lines to the command's error stream, one line each (<c>warn: message</c>, or one JSON object with
/// <see cref="LogFormat.Json"/>), so a server's log stays readable in a terminal and capturable in tests; data never
/// goes to this stream.
/// </summary>
internal sealed class ConsoleLoggerProvider(TextWriter writer, LogLevel minimum, LogFormat format = LogFormat.Text) : ILoggerProvider, ISupportExternalScope
{
    private readonly Lock _gate = new();
    private IExternalScopeProvider? _scopes;
    private string? _status;

    public LogLevel Minimum { get; } = minimum;

    public LogFormat Format { get; } = format;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName, Minimum);

    /// <summary>
    /// A logger factory over this provider alone, passing <paramref name="filter"/> and above (and never below
    /// <see cref="Minimum"/>); see <see cref="ConsoleLoggerFactory"/> for why it is not <c>LoggerFactory</c>.
    /// </summary>
    public ILoggerFactory CreateFactory(LogLevel filter) => new ConsoleLoggerFactory(this, filter);

    /// <summary>A logger writing <paramref name="minimum"/> and above.</summary>
    internal ILogger CreateLogger(string categoryName, LogLevel minimum) => new Logger(this, categoryName, minimum);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>
    /// Shows <paramref name="status"/> as the terminal's last line, redrawn in place (<c>serve --stats</c>); log lines
    /// written meanwhile clear it, print above it, and draw it again, so the two never mix on one line.
    /// </summary>
    public void ShowStatus(string status)
    {
        lock (_gate)
        {
            _status = status;
            writer.Write("\r\u001b[K" + status);
            writer.Flush();
        }
    }

    /// <summary>Ends the status line, leaving its last text on screen.</summary>
    public void EndStatus()
    {
        lock (_gate)
        {
            if (_status is not null)
            {
                writer.WriteLine();
                writer.Flush();
                _status = null;
            }
        }
    }

    /// <summary>Writes one of the command's own lines (<c>...connected from</c>), as JSON in the JSON format.</summary>
    public void WriteLine(string line) => WriteRaw(Format == LogFormat.Json ? JsonLogLine.FormatPlain(line) : line);

    public void Dispose()
    {
    }

    /// <summary>Writes one line under the lock, so lines from concurrent connections never interleave.</summary>
    public void WriteRaw(string line)
    {
        lock (_gate)
        {
            if (_status is not null)
            {
                writer.Write("\r\u001b[K");
            }

            writer.WriteLine(line);
            if (_status is not null)
            {
                writer.Write(_status);
            }

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

    private sealed class Logger(ConsoleLoggerProvider provider, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            if (provider.Format == LogFormat.Json)
            {
                provider.WriteRaw(JsonLogLine.Format(logLevel, category, eventId, state, formatter(state, exception), exception, provider._scopes));
                return;
            }

            var line = $"{Prefix(logLevel)}: {formatter(state, exception)}";
            if (exception is not null && logLevel >= LogLevel.Error)
            {
                line += $"{Environment.NewLine}      {exception.GetType().Name}: {exception.Message}";
            }

            provider.WriteRaw(line);
        }
    }
}
