using Microsoft.Extensions.Logging;

namespace Netwright.Testing;

/// <summary>An <see cref="ILoggerFactory"/> whose loggers all record into one shared, thread-safe list.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private readonly AsyncLocal<RecordingLogger.ScopeNode?> _scopes = new();

    /// <summary>Gets a snapshot of every entry logged so far, in order.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Gets the entries logged at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<LogEntry> AtLeast(LogLevel level) => Entries.Where(e => e.Level >= level).ToList();

    /// <summary>Gets the entries with the event name <paramref name="eventName"/>.</summary>
    public IReadOnlyList<LogEntry> WithEvent(string eventName) => Entries.Where(e => e.EventId.Name == eventName).ToList();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName, _scopes);

    /// <summary>Not supported: a recording factory has no providers.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("RecordingLoggerFactory records itself; it takes no providers.");

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    internal void Add(LogEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }
}
