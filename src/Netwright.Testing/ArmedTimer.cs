namespace Netwright.Testing;

/// <summary>One arming of a timer on a <see cref="TestTimeProvider"/>: when it falls due and whether it has fired.</summary>
public sealed class ArmedTimer
{
    private int _fired;
    private int _disposed;

    internal ArmedTimer(TimeSpan dueTime, TimeSpan? period, DateTimeOffset dueAt)
    {
        DueTime = dueTime;
        Period = period;
        DueAt = dueAt;
    }

    /// <summary>Gets the delay the timer was armed with.</summary>
    public TimeSpan DueTime { get; }

    /// <summary>Gets the period, or null for a one-shot timer.</summary>
    public TimeSpan? Period { get; }

    /// <summary>Gets the clock reading at which it first falls due.</summary>
    public DateTimeOffset DueAt { get; }

    /// <summary>Gets whether the callback has run for this arming.</summary>
    public bool Fired => Volatile.Read(ref _fired) != 0;

    /// <summary>Gets whether the timer was disposed while this arming was its current one.</summary>
    public bool Disposed => Volatile.Read(ref _disposed) != 0;

    internal void MarkDisposed() => Volatile.Write(ref _disposed, 1);

    internal void MarkFired() => Volatile.Write(ref _fired, 1);
}
