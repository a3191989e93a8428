using Microsoft.Extensions.Logging;

namespace Netwright.Testing;

/// <summary>One log call as a <see cref="RecordingLogger"/> saw it.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id and name.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
/// <param name="Scopes">The scopes open when it was logged, outermost first, as strings.</param>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<string> Scopes);
