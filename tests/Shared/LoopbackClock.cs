namespace Netwright.Testing;

/// <summary>
/// A clock stopped at one instant in UTC, so timestamp replies are predictable. Timers still run on the
/// system clock (the base <see cref="TimeProvider"/> behaviour), so partial-line delays and idle
/// timeouts keep working when a server is given this clock.
/// </summary>
public sealed class LoopbackClock : TimeProvider
{
    /// <summary>The instant every clock of this type reports unless told otherwise: Mon Jun  4 11:20:46 2018 UTC.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2018, 6, 4, 11, 20, 46, TimeSpan.Zero);

    /// <summary>The ctime text of <see cref="DefaultNow"/>, as the timestamp service writes it.</summary>
    public const string DefaultCTime = "Mon Jun  4 11:20:46 2018";

    private readonly DateTimeOffset _now;

    public LoopbackClock()
        : this(DefaultNow)
    {
    }

    public LoopbackClock(DateTimeOffset now) => _now = now.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
