using System.Globalization;

namespace Netwright.Testing;

/// <summary>
/// What a fault run does to every packet crossing a <see cref="NetworkNamespace"/>'s veth pair, in each direction.
/// </summary>
/// <param name="LossPercent">The share of packets dropped.</param>
/// <param name="DuplicatePercent">The share of packets sent twice.</param>
/// <param name="Delay">How long each packet is held.</param>
/// <param name="Jitter">How much <paramref name="Delay"/> varies (normal distribution).</param>
/// <param name="ReorderPercent">The share of packets sent at once, ahead of delayed ones.</param>
public sealed record LinkFaults(
    double LossPercent = 0,
    double DuplicatePercent = 0,
    TimeSpan Delay = default,
    TimeSpan Jitter = default,
    double ReorderPercent = 0)
{
    /// <summary>Gets the same faults as arguments to <c>tc qdisc ... netem</c>.</summary>
    public IReadOnlyList<string> NetemArguments()
    {
        var arguments = new List<string>();
        if (Delay > TimeSpan.Zero)
        {
            arguments.AddRange(["delay", Milliseconds(Delay)]);
            if (Jitter > TimeSpan.Zero)
            {
                arguments.AddRange([Milliseconds(Jitter), "distribution", "normal"]);
            }

            if (ReorderPercent > 0)
            {
                arguments.AddRange(["reorder", Percent(ReorderPercent), "50%"]);
            }
        }

        if (DuplicatePercent > 0)
        {
            arguments.AddRange(["duplicate", Percent(DuplicatePercent)]);
        }

        if (LossPercent > 0)
        {
            arguments.AddRange(["loss", Percent(LossPercent)]);
        }

        // netem with nothing to do still replaces a previous netem: a plain pass-through.
        return arguments.Count == 0 ? ["limit", "1000"] : arguments;
    }

    public override string ToString() => string.Join(' ', NetemArguments());

    private static string Milliseconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0}ms");

    private static string Percent(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.###}%");
}
