namespace Netwright.Transport;

/// <summary>Reads of 64-bit byte counters that other threads add to.</summary>
internal static class AtomicCounter
{
    /// <summary>
    /// Reads the counter whole: a plain volatile read where a 64-bit read is atomic (a 64-bit process), since
    /// <c>Interlocked.Read</c> is a locked compare-exchange, paid on every line a broadcast queues.
    /// </summary>
    public static long Read(ref long location) => Environment.Is64BitProcess ? Volatile.Read(ref location) : Interlocked.Read(ref location);
}
