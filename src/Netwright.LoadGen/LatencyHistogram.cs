using System.Numerics;

namespace Netwright.LoadGen;

/// <summary>
/// A log-linear histogram of durations in nanoseconds: values below 256 are counted exactly, and every
/// power of two above that is split into 128 equal buckets, so a reported percentile is within 1/256
/// (0.4 %) of the exact value. Every value is recorded; nothing is sampled.
/// </summary>
/// <remarks>
/// One writer only: each connection records into its own histogram without locks, and the run merges
/// them with <see cref="Add"/> once the connections have finished. Values above about 36 minutes are
/// clamped into the last bucket (the exact maximum is still kept). Buckets are allocated 128 at a time
/// (one power of two) on first use, so a connection whose latencies span a few octaves costs a few KiB.
/// </remarks>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int LinearLimit = SubBucketCount * 2;
    private const int MaxExponent = 40;
    private const long MaxTrackable = (1L << (MaxExponent + 1)) - 1;
    private const int BucketCount = LinearLimit + ((MaxExponent - SubBucketBits) * SubBucketCount);

    private const int SegmentBits = SubBucketBits;
    private const int SegmentMask = (1 << SegmentBits) - 1;

    private readonly long[]?[] _segments = new long[]?[BucketCount >> SegmentBits];

    /// <summary>Gets how many values were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Gets the smallest recorded value, or 0 when empty.</summary>
    public long Min { get; private set; }

    /// <summary>Gets the largest recorded value (exact, never bucketed), or 0 when empty.</summary>
    public long Max { get; private set; }

    /// <summary>Records one value; negative values count as 0.</summary>
    public void Record(long value)
    {
        if (value < 0)
        {
            value = 0;
        }

        var index = IndexOf(Math.Min(value, MaxTrackable));
        (_segments[index >> SegmentBits] ??= new long[1 << SegmentBits])[index & SegmentMask]++;
        if (Count == 0 || value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }

        Count++;
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (var segment = 0; segment < _segments.Length; segment++)
        {
            if (other._segments[segment] is not { } source)
            {
                continue;
            }

            var target = _segments[segment] ??= new long[1 << SegmentBits];
            for (var i = 0; i < source.Length; i++)
            {
                target[i] += source[i];
            }
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Count += other.Count;
    }

    /// <summary>
    /// Returns the value at percentile <paramref name="percentile"/> (0 to 100): the value of rank
    /// ceil(p/100 × count) in sorted order, within 0.4 %; 0 when empty.
    /// </summary>
    public double GetPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (var segment = 0; segment < _segments.Length; segment++)
        {
            if (_segments[segment] is not { } counts)
            {
                continue;
            }

            for (var i = 0; i < counts.Length; i++)
            {
                seen += counts[i];
                if (seen >= rank)
                {
                    return Math.Clamp(MidpointOf((segment << SegmentBits) + i), Min, Max);
                }
            }
        }

        return Max;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = exponent - SubBucketBits;
        var subBucket = (int)(value >> shift) - SubBucketCount;
        return LinearLimit + ((exponent - SubBucketBits - 1) * SubBucketCount) + subBucket;
    }

    private static double MidpointOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var offset = index - LinearLimit;
        var shift = (offset / SubBucketCount) + 1;
        var lower = (long)((offset % SubBucketCount) + SubBucketCount) << shift;
        return lower + ((1L << shift) / 2.0);
    }
}
