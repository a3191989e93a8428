using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Netwright.LoadGen;

/// <summary>Prints a <see cref="BenchResult"/>: a human summary, or exactly one JSON object for scripts.</summary>
/// <remarks>
/// The JSON field names are read by the project's benchmark scripts; keep them stable. Latencies are in
/// microseconds, megabytes are 10^6 bytes of echoed data, and <c>udp</c>/<c>hold</c> appear only in their mode.
/// </remarks>
internal static class BenchReport
{
    private static readonly double[] s_percentiles = [50, 90, 99, 99.9];
    private static readonly string[] s_percentileNames = ["p50", "p90", "p99", "p999"];

    /// <summary>Returns the result as one JSON object (no trailing newline).</summary>
    public static string ToJson(BenchResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            var settings = result.Settings;
            json.WriteStartObject();
            json.WriteString("mode", ModeName(settings.Mode));
            json.WriteString("endpoint", settings.EndpointText);
            json.WriteNumber("connections", settings.Connections);
            json.WriteNumber("size", settings.Size);
            json.WriteNumber("durationSeconds", Math.Round(result.DurationSeconds, 3));
            json.WriteBoolean("ok", result.Ok);
            json.WriteNumber("roundTrips", result.RoundTrips);
            json.WriteNumber("roundTripsPerSecond", Math.Round(result.RoundTripsPerSecond, 1));
            json.WriteNumber("megabytesPerSecond", Math.Round(result.MegabytesPerSecond, 3));
            json.WriteStartObject("latencyMicroseconds");
            for (var i = 0; i < s_percentiles.Length; i++)
            {
                json.WriteNumber(s_percentileNames[i], Micro(result.Latency.GetPercentile(s_percentiles[i])));
            }

            json.WriteNumber("max", Micro(result.Latency.Max));
            json.WriteEndObject();
            json.WriteStartObject("errors");
            json.WriteNumber("refused", result.Errors[BenchErrorKind.Refused]);
            json.WriteNumber("reset", result.Errors[BenchErrorKind.Reset]);
            json.WriteNumber("timeout", result.Errors[BenchErrorKind.Timeout]);
            json.WriteNumber("mismatch", result.Errors[BenchErrorKind.Mismatch]);
            json.WriteNumber("other", result.Errors[BenchErrorKind.Other]);
            json.WriteEndObject();
            json.WriteNumber("stalls", result.Stalls);
            if (result.Udp is { } udp)
            {
                json.WriteStartObject("udp");
                json.WriteNumber("sent", udp.Sent);
                json.WriteNumber("received", udp.Received);
                json.WriteNumber("lost", udp.Lost);
                json.WriteNumber("late", udp.Late);
                json.WriteEndObject();
            }

            if (result.Hold is { } hold)
            {
                json.WriteStartObject("hold");
                json.WriteNumber("requested", hold.Requested);
                json.WriteNumber("connected", hold.Connected);
                json.WriteNumber("dropped", hold.Dropped);
                json.WriteNumber("alive", hold.Alive);
                json.WriteNumber("connectAllSeconds", Math.Round(hold.ConnectAllSeconds, 3));
                json.WriteNumber("milestoneConnections", hold.MilestoneConnections);
                WriteNullable(json, "milestoneSeconds", hold.MilestoneSeconds is { } m ? Math.Round(m, 3) : null);
                WriteNullable(json, "serverRssKibBefore", hold.ServerRssKibBefore);
                WriteNullable(json, "serverRssKibAfter", hold.ServerRssKibAfter);
                WriteNullable(json, "serverBytesPerConnection", hold.ServerBytesPerConnection is { } b ? Math.Round(b, 1) : null);
                json.WriteEndObject();
            }

            if (result.Chat is { } chat)
            {
                json.WriteStartObject("chat");
                json.WriteNumber("receivers", chat.Receivers);
                json.WriteNumber("messages", chat.Messages);
                json.WriteNumber("sent", chat.Sent);
                json.WriteNumber("deliveries", chat.Deliveries);
                json.WriteNumber("deliveriesPerSecond", Math.Round(result.RoundTripsPerSecond, 1));
                json.WriteNumber("rate", chat.Rate);
                json.WriteNumber("window", chat.Window);
                json.WriteNumber("joinSeconds", Math.Round(chat.JoinSeconds, 3));
                json.WriteEndObject();
            }

            json.WriteNumber("generatorCpuSeconds", Math.Round(result.GeneratorCpuSeconds, 3));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Returns the human summary, several lines ending with a newline.</summary>
    public static string ToText(BenchResult result)
    {
        var settings = result.Settings;
        var text = new StringBuilder();
        Line(text, $"netwright bench {ModeName(settings.Mode)} {settings.EndpointText}: {settings.Connections} connections, {settings.Size} B{(settings.Reply == BenchReply.Timestamp ? " lines, timestamp replies" : string.Empty)}, {result.DurationSeconds:F2} s measured{(result.Interrupted ? " (interrupted)" : string.Empty)}");
        if (result.Hold is { } hold)
        {
            Line(text, $"  connections   {hold.Connected} of {hold.Requested} opened in {hold.ConnectAllSeconds:F2} s; after the hold {hold.Alive} alive, {hold.Dropped} dropped");
            if (hold.MilestoneSeconds is { } milestone && hold.MilestoneConnections < hold.Requested)
            {
                Line(text, $"  first {hold.MilestoneConnections:N0} opened in {milestone:F2} s");
            }
            if (hold.ServerRssKibBefore is { } before && hold.ServerRssKibAfter is { } after)
            {
                Line(text, $"  server memory {before:N0} KiB before, {after:N0} KiB after: {hold.ServerBytesPerConnection:N0} bytes per connection");
            }
            else if (settings.ServerPid is { } pid)
            {
                Line(text, $"  server memory unknown: cannot read /proc/{pid}/status");
            }
        }
        else if (result.Chat is { } chat)
        {
            var pace = chat.Rate > 0 ? $"paced at {chat.Rate:N0} deliveries/s" : $"closed loop, window {chat.Window}";
            Line(text, $"  clients       {chat.Receivers} receivers and one sender joined in {chat.JoinSeconds:F2} s; {chat.Sent:N0} of {chat.Messages:N0} messages sent ({pace})");
            Line(text, $"  throughput    {result.RoundTripsPerSecond:N0} deliveries/s ({chat.Deliveries:N0} in total)");
        }
        else
        {
            var unit = settings.Mode switch
            {
                BenchMode.Stream => "echoed chunks",
                BenchMode.Udp => "datagrams answered",
                BenchMode.Connect => "connections (open, handshake, echo, close)",
                _ => "round trips",
            };
            Line(text, $"  throughput    {result.RoundTripsPerSecond:N0} {unit}/s, {result.MegabytesPerSecond:F2} MB/s echoed ({result.RoundTrips:N0} in total)");
        }

        if (result.Latency.Count > 0)
        {
            var latency = result.Latency;
            var label = settings.Mode == BenchMode.Hold ? "probe (µs)" : settings.Mode == BenchMode.ChatFanout ? "delay (µs)" : "latency (µs)";
            Line(text, $"  {label,-12}  p50 {Micro(latency.GetPercentile(50))}  p90 {Micro(latency.GetPercentile(90))}  p99 {Micro(latency.GetPercentile(99))}  p99.9 {Micro(latency.GetPercentile(99.9))}  max {Micro(latency.Max)}");
        }

        if (result.Udp is { } udp)
        {
            Line(text, $"  datagrams     {udp.Sent:N0} sent, {udp.Received:N0} answered in time, {udp.Lost:N0} lost, {udp.Late:N0} late (timeout {settings.Timeout.TotalMilliseconds:0} ms)");
        }

        var errors = result.Errors;
        Line(text, $"  errors        {errors.Total} (refused {errors[BenchErrorKind.Refused]}, reset {errors[BenchErrorKind.Reset]}, timeout {errors[BenchErrorKind.Timeout]}, mismatch {errors[BenchErrorKind.Mismatch]}, other {errors[BenchErrorKind.Other]}); stalls {result.Stalls}");
        foreach (var kind in Enum.GetValues<BenchErrorKind>())
        {
            if (errors.FirstMessage(kind) is { } message)
            {
                Line(text, $"    first {kind.ToString().ToLowerInvariant()}: {message}");
            }
        }

        Line(text, $"  generator CPU {result.GeneratorCpuSeconds:F2} s");
        Line(text, $"  result        {(result.Ok ? "ok" : "FAILED")}");
        return text.ToString();
    }

    /// <summary>Returns the mode's command-line name.</summary>
    public static string ModeName(BenchMode mode) => mode switch
    {
        BenchMode.ChatFanout => "chat-fanout",
        BenchMode.ChatIdle => "chat-idle",
        _ => mode.ToString().ToLowerInvariant(),
    };

    private static double Micro(double nanoseconds) => Math.Round(nanoseconds / 1000, 1);

    private static void Line(StringBuilder text, FormattableString line) =>
        text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
