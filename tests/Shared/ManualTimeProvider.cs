namespace Netwright.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>, firing the
/// timers that fall due on the way, in due order (Twisted's <c>task.Clock</c>; the Microsoft testing
/// package's <c>FakeTimeProvider</c> is not in the NuGet mirror).
/// </summary>
/// <remarks>
/// Timer callbacks run synchronously on the thread that calls <see cref="Advance"/>, outside the lock.
/// <see cref="WhenTimerArmed"/> lets a test wait until the code under test has scheduled its timer, so it
/// can advance the clock knowing the code is waiting, without sleeps.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<TaskCompletionSource> _armedWaiters = [];
    private readonly TimeZoneInfo _localTimeZone;
    private DateTimeOffset _now;
    private long _armCount;

    /// <summary>Creates a clock at <paramref name="start"/> (default 2000-01-01 UTC) in <paramref name="localTimeZone"/> (default UTC).</summary>
    public ManualTimeProvider(DateTimeOffset? start = null, TimeZoneInfo? localTimeZone = null)
    {
        _now = start ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _localTimeZone = localTimeZone ?? TimeZoneInfo.Utc;
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _localTimeZone;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets how many times a timer was scheduled (created with, or changed to, a finite due time).</summary>
    public long ArmCount
    {
        get
        {
            lock (_lock)
            {
                return _armCount;
            }
        }
    }

    /// <summary>Gets how many timers are scheduled to fire.</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Returns a task that completes the next time any timer is scheduled after this call.</summary>
    public Task WhenTimerArmed()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _armedWaiters.Add(waiter);
        }

        return waiter.Task;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due, each at its due time.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt is { } at && at <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt!.Value;
                due.DueAt = due.Period is { } period ? _now + period : null;
            }

            due.Fire();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private bool Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        List<TaskCompletionSource>? armed = null;
        lock (_lock)
        {
            if (!_timers.Contains(timer))
            {
                return false;
            }

            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = null;
                return true;
            }

            timer.DueAt = _now + dueTime;
            _armCount++;
            if (_armedWaiters.Count > 0)
            {
                armed = [.. _armedWaiters];
                _armedWaiters.Clear();
            }
        }

        armed?.ForEach(w => w.TrySetResult());
        return true;
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, Timeout.InfiniteTimeSpan);
            ArgumentOutOfRangeException.ThrowIfLessThan(period, Timeout.InfiniteTimeSpan);
            return owner.Schedule(this, dueTime, period);
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
