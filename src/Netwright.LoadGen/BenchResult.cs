namespace Netwright.LoadGen;

/// <summary>What a run measured; <see cref="BenchReport"/> prints it and the command judges it (netwright bench maps it to an exit code).</summary>
internal sealed class BenchResult
{
    public BenchResult(BenchSettings settings, BenchErrors errors)
    {
        Settings = settings;
        Errors = errors;
    }

    public BenchSettings Settings { get; }

    public BenchErrors Errors { get; }

    /// <summary>Gets or sets the measured time in seconds (hold: the time connections were held).</summary>
    public double DurationSeconds { get; set; }

    /// <summary>Gets or sets the measured exchanges: round trips, echoed chunks, or datagrams answered in time.</summary>
    public long RoundTrips { get; set; }

    /// <summary>Gets or sets the echoed bytes received while measuring.</summary>
    public long EchoedBytes { get; set; }

    /// <summary>Gets the latencies in nanoseconds of every measured exchange.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Gets or sets the number of whole seconds in which no connection made any progress.</summary>
    public long Stalls { get; set; }

    /// <summary>Gets or sets the connections that opened.</summary>
    public int Connected { get; set; }

    /// <summary>Gets or sets whether every connection failed (or none opened), so nothing was measured.</summary>
    public bool AllFailed { get; set; }

    /// <summary>Gets or sets whether Ctrl+C ended the run early.</summary>
    public bool Interrupted { get; set; }

    /// <summary>Gets or sets the generator's own CPU time for the run, in seconds.</summary>
    public double GeneratorCpuSeconds { get; set; }

    /// <summary>Gets or sets the UDP counters (udp mode only).</summary>
    public UdpSummary? Udp { get; set; }

    /// <summary>Gets or sets the hold counters (hold mode only).</summary>
    public HoldSummary? Hold { get; set; }

    /// <summary>Gets or sets the chat-fanout counters (chat-fanout only; chat-idle reports through <see cref="Hold"/>).</summary>
    public ChatSummary? Chat { get; set; }

    /// <summary>Gets the measured exchanges per second; 0 in hold mode, whose probes are not a rate.</summary>
    public double RoundTripsPerSecond => HasRates ? RoundTrips / DurationSeconds : 0;

    /// <summary>Gets the echoed megabytes (10^6 bytes) per second; 0 in hold mode.</summary>
    public double MegabytesPerSecond => HasRates ? EchoedBytes / DurationSeconds / 1e6 : 0;

    private bool HasRates => Settings.Mode is not (BenchMode.Hold or BenchMode.ChatIdle) && DurationSeconds > 0;

    /// <summary>Gets whether the run had no errors at all.</summary>
    public bool Ok => Errors.Total == 0 && !AllFailed;
}

/// <summary>UDP counters: datagrams sent while measuring, and what became of them.</summary>
/// <param name="Sent">Datagrams sent.</param>
/// <param name="Received">Replies that arrived within the reply timeout.</param>
/// <param name="Lost">Datagrams whose reply never arrived.</param>
/// <param name="Late">Replies that arrived after their timeout.</param>
internal sealed record UdpSummary(long Sent, long Received, long Lost, long Late);

/// <summary>Hold counters.</summary>
/// <param name="Requested">Connections asked for.</param>
/// <param name="Connected">Connections that opened.</param>
/// <param name="Dropped">Opened connections that failed the final probe.</param>
/// <param name="Alive">Opened connections that echoed the final probe.</param>
/// <param name="ConnectAllSeconds">Time to finish every connect attempt.</param>
/// <param name="MilestoneSeconds">
/// Time until the first <see cref="HoldRun.Milestone"/> connections (or all requested, if fewer) were open; null
/// when that many never opened.
/// </param>
/// <param name="ServerRssKibBefore">Server VmRSS before opening, if known.</param>
/// <param name="ServerRssKibAfter">Server VmRSS once all were connected, if known.</param>
internal sealed record HoldSummary(
    int Requested,
    int Connected,
    int Dropped,
    int Alive,
    double ConnectAllSeconds,
    double? MilestoneSeconds,
    long? ServerRssKibBefore,
    long? ServerRssKibAfter)
{
    /// <summary>Gets how many connections <see cref="MilestoneSeconds"/> counts.</summary>
    public int MilestoneConnections => Math.Min(Requested, HoldRun.Milestone);

    /// <summary>Gets the server's memory growth per open connection, in bytes, when both readings exist.</summary>
    public double? ServerBytesPerConnection =>
        ServerRssKibBefore is { } before && ServerRssKibAfter is { } after && Connected > 0
            ? (after - before) * 1024.0 / Connected
            : null;
}
