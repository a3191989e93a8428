using Netwright.LoadGen;

namespace Netwright.LoadGen.Tests;

public sealed class LatencyHistogramTests
{
    private static readonly double[] s_percentiles = [1, 10, 50, 90, 99, 99.9, 99.99, 100];

    public static TheoryData<string, int> Distributions => new()
    {
        { "log-uniform 100 ns to 10 s", 1 },
        { "normal around 50 us", 2 },
        { "bimodal 20 us and 2 ms", 3 },
        { "small values below 300 ns", 4 },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void PercentilesAreWithinOnePercentOfExactValues(string distribution, int seed)
    {
        var random = new Random(seed);
        var values = new long[200_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = seed switch
            {
                1 => (long)Math.Pow(10, 2 + (random.NextDouble() * 8)),
                2 => Math.Max(1, (long)(50_000 + (Gaussian(random) * 8_000))),
                3 => random.Next(2) == 0 ? 20_000 + random.Next(5_000) : 2_000_000 + random.Next(500_000),
                _ => random.Next(300),
            };
        }

        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        Array.Sort(values);
        foreach (var percentile in s_percentiles)
        {
            var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * values.Length));
            var exact = values[rank - 1];
            var reported = histogram.GetPercentile(percentile);
            var error = Math.Abs(reported - exact) / Math.Max(1, exact);
            Assert.True(error < 0.01, $"{distribution}: p{percentile} reported {reported}, exact {exact}, error {error:P2}");
        }

        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values.Length, histogram.Count);
    }

    [Fact]
    public void ValuesBelow256AreExact()
    {
        var histogram = new LatencyHistogram();
        for (var value = 0; value < 256; value++)
        {
            histogram.Record(value);
        }

        Assert.Equal(127, histogram.GetPercentile(50));
        Assert.Equal(255, histogram.GetPercentile(100));
        Assert.Equal(0, histogram.GetPercentile(0));
    }

    [Fact]
    public void MergedHistogramsMatchOneHistogramOfAllValues()
    {
        var random = new Random(7);
        var whole = new LatencyHistogram();
        var parts = Enumerable.Range(0, 4).Select(_ => new LatencyHistogram()).ToArray();
        for (var i = 0; i < 50_000; i++)
        {
            var value = random.NextInt64(1, 50_000_000);
            whole.Record(value);
            parts[i % parts.Length].Record(value);
        }

        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Add(part);
        }

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        foreach (var percentile in s_percentiles)
        {
            Assert.Equal(whole.GetPercentile(percentile), merged.GetPercentile(percentile));
        }
    }

    [Fact]
    public void EmptyHistogramReportsZero()
    {
        var histogram = new LatencyHistogram();
        histogram.Add(new LatencyHistogram());

        Assert.Equal(0, histogram.GetPercentile(99));
        Assert.Equal(0, histogram.Max);
        Assert.Equal(0, histogram.Count);
    }

    [Fact]
    public void HugeValuesAreClampedButMaxStaysExact()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(long.MaxValue / 2);
        histogram.Record(1_000);

        Assert.Equal(long.MaxValue / 2, histogram.Max);
        Assert.Equal(2, histogram.Count);
        Assert.InRange(histogram.GetPercentile(50), 990, 1010);
    }

    [Fact]
    public void PercentileOutsideZeroToHundredIsRejected()
    {
        var histogram = new LatencyHistogram();

        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.GetPercentile(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.GetPercentile(-1));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
