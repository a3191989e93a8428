using Netwright.Testing;

namespace Netwright.Tests.Support;

/// <summary>Names the test kit's <see cref="ByteSplits"/> for theories, so a failing case says how its input was cut.</summary>
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
            "whole" => ByteSplits.Whole(data),
            "bytes" => ByteSplits.OneByteAtATime(data),
            "random" => ByteSplits.Random(data, new Random(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))),
            _ => throw new ArgumentException($"unknown split '{how}'", nameof(how)),
        };
    }

    /// <summary>Splits <paramref name="data"/> into pieces of 1 to 9 bytes drawn from <paramref name="random"/>.</summary>
    public static IReadOnlyList<byte[]> Random(byte[] data, Random random) => ByteSplits.Random(data, random);
}
