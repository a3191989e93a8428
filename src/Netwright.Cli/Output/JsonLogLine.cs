using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Netwright.Cli.Output;

/// <summary>
/// Formats one log entry as one JSON object on one line: time, level, category, event id and name, message, the
/// message's named values (connection id, endpoints, byte counts) and those of the enclosing scopes.
/// </summary>
internal static class JsonLogLine
{
    public static string Format<TState>(LogLevel level, string category, EventId eventId, TState state, string message, Exception? exception, IExternalScopeProvider? scopes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            json.WriteNumber("eventId", eventId.Id);
            if (eventId.Name is { } name)
            {
                json.WriteString("eventName", name);
            }

            json.WriteString("message", message);
            var written = new HashSet<string>(StringComparer.Ordinal) { "timestamp", "level", "category", "eventId", "eventName", "message" };
            WriteValues(json, state, written);
            scopes?.ForEachScope(static (scope, context) => WriteValues(context.json, scope, context.written), (json, written));
            if (exception is not null)
            {
                json.WriteString("exception", $"{exception.GetType().FullName}: {exception.Message}");
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A plain line of the command's own (<c>...connected from</c>, the waiting line) as a JSON object.</summary>
    public static string FormatPlain(string line) => Format(LogLevel.Information, "netwright", default, (object?)null, line, null, null);

    private static void WriteValues(Utf8JsonWriter json, object? state, HashSet<string> written)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> values)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            if (key == "{OriginalFormat}" || key.Length == 0)
            {
                continue;
            }

            var name = char.ToLowerInvariant(key[0]) + key[1..];
            if (!written.Add(name))
            {
                continue;
            }

            switch (value)
            {
                case null:
                    json.WriteNull(name);
                    break;
                case int or long or short or byte or double or float or decimal:
                    json.WriteNumber(name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case bool flag:
                    json.WriteBoolean(name, flag);
                    break;
                default:
                    json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
