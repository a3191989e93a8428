using Microsoft.Extensions.Logging;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>One recorded log entry.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
