using Microsoft.Extensions.Logging;

namespace Netwright.Testing;

/// <summary>An <see cref="ILogger"/> that keeps every entry in memory, for asserting what code logged.</summary>
/// <remarks>Thread-safe. Loggers made by one <see cref="RecordingLoggerFactory"/> share its entry list.</remarks>
public sealed class RecordingLogger : ILogger
{
    private readonly RecordingLoggerFactory _sink;
    private readonly AsyncLocal<ScopeNode?> _scopes;

    internal RecordingLogger(RecordingLoggerFactory sink, string category, AsyncLocal<ScopeNode?> scopes)
    {
        _sink = sink;
        Category = category;
        _scopes = scopes;
    }

    /// <summary>Creates a logger with its own entry list.</summary>
    public RecordingLogger(string category = "Test")
        : this(new RecordingLoggerFactory(), category, new AsyncLocal<ScopeNode?>())
    {
    }

    /// <summary>Gets the category.</summary>
    public string Category { get; }

    /// <summary>Gets a snapshot of every entry logged through this logger's factory.</summary>
    public IReadOnlyList<LogEntry> Entries => _sink.Entries;

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var node = new ScopeNode(state.ToString() ?? string.Empty, _scopes.Value);
        _scopes.Value = node;
        return new ScopeHandle(_scopes, node);
    }

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var scopes = new List<string>();
        for (var node = _scopes.Value; node is not null; node = node.Parent)
        {
            scopes.Insert(0, node.Text);
        }

        _sink.Add(new LogEntry(Category, logLevel, eventId, formatter(state, exception), exception, scopes));
    }

    internal sealed record ScopeNode(string Text, ScopeNode? Parent);

    private sealed class ScopeHandle(AsyncLocal<ScopeNode?> scopes, ScopeNode node) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(scopes.Value, node))
            {
                scopes.Value = node.Parent;
            }
        }
    }
}
