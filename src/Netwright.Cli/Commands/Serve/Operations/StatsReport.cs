using System.Globalization;
using System.Text.Json;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>One interval of <c>serve --stats</c>: rates per second over the interval, totals since start.</summary>
internal sealed record StatsReport(int Open, double AcceptedPerSecond, double BytesInPerSecond, double BytesOutPerSecond, long Datagrams, long Errors, long Refused)
{
    /// <summary>The terminal line: <c>open 12 | accepted 3/s | in 1.2 MB/s | out 1.2 MB/s | datagrams 0 | errors 0 | refused 0</c>.</summary>
    public string ToLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"open {Open} | accepted {AcceptedPerSecond:0.#}/s | in {Size(BytesInPerSecond)}/s | out {Size(BytesOutPerSecond)}/s | datagrams {Datagrams} | errors {Errors} | refused {Refused}");

    /// <summary>The JSON line written when stderr is not a terminal.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new Dictionary<string, object>
        {
            ["stats"] = DateTimeOffset.UtcNow,
            ["open"] = Open,
            ["acceptedPerSecond"] = Math.Round(AcceptedPerSecond, 1),
            ["bytesInPerSecond"] = Math.Round(BytesInPerSecond),
            ["bytesOutPerSecond"] = Math.Round(BytesOutPerSecond),
            ["datagrams"] = Datagrams,
            ["errors"] = Errors,
            ["refused"] = Refused,
        });

    private static string Size(double bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (1 << 30):0.0} GiB",
        >= 1 << 20 => $"{bytes / (1 << 20):0.0} MiB",
        >= 1 << 10 => $"{bytes / (1 << 10):0.0} KiB",
        _ => $"{bytes:0} B",
    };
}
