namespace Netwright.Cli.Commands.Serve;

/// <summary>
/// Gives a quiet server's memory back to the system. The collector sizes its youngest generation from the
/// processor's cache (hundreds of MiB on large server parts) and keeps it committed once it has grown, so a
/// burst (50 clients that never read, a reset flood) left <c>serve</c> tens of MiB above its idle size for
/// good. Once a second, if the process allocated little in the last second but more than a few MiB since the last
/// trim, one aggressive collection returns the surplus (<see cref="GCCollectionMode.Aggressive"/> decommits what it
/// frees); a quiet process is collected at most once per few MiB it allocates. Quiet also means idle: a server busy
/// with a steady stream that allocates little (a chat relaying a thousand lines a second to a hundred clients spends
/// well under 1 MiB a second) is not stopped for a full compacting collection in the middle of its traffic, which
/// showed as 50-200 ms delivery delays in bench/chat.
/// </summary>
internal static class IdleMemoryTrimmer
{
    /// <summary>Less than this much allocated in a period counts as quiet.</summary>
    private const long QuietAllocationBytes = 1L << 20;

    /// <summary>More than this much allocated since the last trim is worth a collection once the process is quiet.</summary>
    private const long AllocatedSinceTrimBytes = 4L << 20;

    /// <summary>More processor time than this share of one core in a period means the process is working, not quiet.</summary>
    private const double BusyCoreShare = 0.02;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Checks once a period until <paramref name="cancellationToken"/> fires (then returns normally).</summary>
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        var allocated = GC.GetTotalAllocatedBytes();
        var allocatedAtTrim = allocated;
        var cpu = Environment.CpuUsage.TotalTime;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // Allocation, not the collector's figures: those are from the last collection, and a young generation
                // below its budget grows the process (fresh pages touched) without one.
                var now = GC.GetTotalAllocatedBytes();
                var cpuNow = Environment.CpuUsage.TotalTime;
                var quiet = now - allocated < QuietAllocationBytes && cpuNow - cpu < Period * BusyCoreShare;
                allocated = now;
                cpu = cpuNow;
                if (quiet && now - allocatedAtTrim > AllocatedSinceTrimBytes)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    allocated = allocatedAtTrim = GC.GetTotalAllocatedBytes();
                    cpu = Environment.CpuUsage.TotalTime;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: nothing to trim any more.
        }
    }
}
