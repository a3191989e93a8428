namespace Netwright.Tests.Support;

/// <summary>Cuts test input the ways the network does: whole, one byte at a time, or in seeded random pieces.</summary>
internal static class Splits
{
    /// <summary>Names for theories: <c>whole</c>, <c>bytes</c>, <c>random:SEED</c> (pieces of 1 to 9 bytes).</summary>
    public static TheoryData<string> Names => new() { "whole", "bytes", "random:1", "random:2", "random:3" };

    /// <summary>Splits <paramref name="data"/> as <paramref name="how"/> names.</summary>
    public static IReadOnlyList<byte[]> Split(byte[] data, string how)
    {
        var parts = how.Split(':');
        return parts[0] switch
        {
            "whole" => [data],
            "bytes" => Sizes(data, () => 1),
            "random" => Random(data, new Random(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))),
            _ => throw new ArgumentException($"unknown split '{how}'", nameof(how)),
        };
    }

    /// <summary>Splits <paramref name="data"/> into pieces of 1 to 9 bytes drawn from <paramref name="random"/>.</summary>
    public static IReadOnlyList<byte[]> Random(byte[] data, Random random) => Sizes(data, () => random.Next(1, 10));

    private static List<byte[]> Sizes(byte[] data, Func<int> next)
    {
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < data.Length;)
        {
            var size = Math.Min(next(), data.Length - offset);
            chunks.Add(data.AsSpan(offset, size).ToArray());
            offset += size;
        }

        return chunks;
    }
}
