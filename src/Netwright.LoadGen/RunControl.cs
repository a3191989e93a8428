using System.Diagnostics;

namespace Netwright.LoadGen;

/// <summary>
/// The clock of a timed run, shared by its connections: when measuring starts (after the warm-up), when
/// it stopped, and whether connections should stop starting new exchanges.
/// </summary>
internal sealed class RunControl
{
    private long _measureEnd = long.MaxValue;
    private volatile bool _stopping;

    /// <summary>Creates a run whose measurement starts at <paramref name="measureStart"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public RunControl(long measureStart)
    {
        MeasureStart = measureStart;
    }

    /// <summary>Gets the <see cref="Stopwatch"/> timestamp at which measuring starts.</summary>
    public long MeasureStart { get; }

    /// <summary>Gets the timestamp at which measuring stopped, or <see cref="long.MaxValue"/> while it runs.</summary>
    public long MeasureEnd => Volatile.Read(ref _measureEnd);

    /// <summary>Gets whether connections should finish their current exchange and stop.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Returns true when an exchange completing at <paramref name="timestamp"/> counts.</summary>
    public bool IsMeasuring(long timestamp) => timestamp >= MeasureStart && timestamp < Volatile.Read(ref _measureEnd);

    /// <summary>Ends the measurement at <paramref name="timestamp"/> and asks connections to stop; later calls do nothing.</summary>
    public void Stop(long timestamp)
    {
        Interlocked.CompareExchange(ref _measureEnd, Math.Max(timestamp, MeasureStart), long.MaxValue);
        _stopping = true;
    }

    /// <summary>Gets the measured time in seconds (up to now while running).</summary>
    public double MeasuredSeconds
    {
        get
        {
            var end = Math.Min(MeasureEnd, Stopwatch.GetTimestamp());
            return Math.Max(0, end - MeasureStart) / (double)Stopwatch.Frequency;
        }
    }

    /// <summary>Converts a <see cref="Stopwatch"/> interval to nanoseconds.</summary>
    public static long ToNanoseconds(long ticks) =>
        Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * (1e9 / Stopwatch.Frequency));

    /// <summary>Converts a time span to <see cref="Stopwatch"/> ticks.</summary>
    public static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
