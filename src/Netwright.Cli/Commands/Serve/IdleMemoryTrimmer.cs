namespace Netwright.Cli.Commands.Serve;

/// <summary>
/// Gives a quiet server's memory back to the system. The collector sizes its youngest generation from the
/// processor's cache (hundreds of MiB on large server parts) and keeps it committed once it has grown, so a
/// burst (50 clients that never read, a reset flood) left <c>serve</c> tens of MiB above its idle size for
/// good. Once a second, if the process allocated little in the last second after a busier one and the heap
/// holds more committed memory than live data, one aggressive collection returns the surplus
/// (<see cref="GCCollectionMode.Aggressive"/> decommits what it frees); then nothing more until the next busy period.
/// </summary>
internal static class IdleMemoryTrimmer
{
    /// <summary>Less than this much allocated in a period counts as quiet.</summary>
    private const long QuietAllocationBytes = 1L << 20;

    /// <summary>More than this much committed beyond live data is worth a collection.</summary>
    private const long SurplusBytes = 2L << 20;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Checks once a period until <paramref name="cancellationToken"/> fires (then returns normally).</summary>
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        var allocated = GC.GetTotalAllocatedBytes();
        var busySinceTrim = false;
        var committedAfterTrim = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = GC.GetTotalAllocatedBytes();
                var quiet = now - allocated < QuietAllocationBytes;
                allocated = now;
                busySinceTrim |= !quiet;
                var info = GC.GetGCMemoryInfo();
                // A slow trickle (clients leaving one by one) can grow the heap without one busy period.
                var grown = info.TotalCommittedBytes > committedAfterTrim + SurplusBytes;
                if (quiet && (busySinceTrim || grown) && info.TotalCommittedBytes - info.HeapSizeBytes > SurplusBytes)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    allocated = GC.GetTotalAllocatedBytes();
                    committedAfterTrim = GC.GetGCMemoryInfo().TotalCommittedBytes;
                    busySinceTrim = false;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: nothing to trim any more.
        }
    }
}
