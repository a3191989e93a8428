namespace Netwright.Cli.Commands.Serve;

/// <summary>
/// Gives a quiet server's memory back to the system. The collector sizes its youngest generation from the
/// processor's cache (hundreds of MiB on large server parts) and keeps it committed once it has grown, so a
/// burst (50 clients that never read, a reset flood) left <c>serve</c> tens of MiB above its idle size for
/// good. Once a second, if the process allocated little in the last second but more than a few MiB since the last
/// trim, one aggressive collection returns the surplus (<see cref="GCCollectionMode.Aggressive"/> decommits what it
/// frees); a quiet process is collected at most once per few MiB it allocates.
/// </summary>
internal static class IdleMemoryTrimmer
{
    /// <summary>Less than this much allocated in a period counts as quiet.</summary>
    private const long QuietAllocationBytes = 1L << 20;

    /// <summary>More than this much allocated since the last trim is worth a collection once the process is quiet.</summary>
    private const long AllocatedSinceTrimBytes = 4L << 20;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Checks once a period until <paramref name="cancellationToken"/> fires (then returns normally).</summary>
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        var allocated = GC.GetTotalAllocatedBytes();
        var allocatedAtTrim = allocated;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // Allocation, not the collector's figures: those are from the last collection, and a young generation
                // below its budget grows the process (fresh pages touched) without one.
                var now = GC.GetTotalAllocatedBytes();
                var quiet = now - allocated < QuietAllocationBytes;
                allocated = now;
                if (quiet && now - allocatedAtTrim > AllocatedSinceTrimBytes)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    allocated = allocatedAtTrim = GC.GetTotalAllocatedBytes();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: nothing to trim any more.
        }
    }
}
