using System.Text.Json;

namespace Netwright.Cli.Commands.Info;

/// <summary>Writes a report as indented camelCase JSON for scripts.</summary>
internal static class InfoJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static Task WriteAsync<T>(TextWriter writer, T report) =>
        writer.WriteLineAsync(JsonSerializer.Serialize(report, s_options));
}
