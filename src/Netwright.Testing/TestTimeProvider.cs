using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Netwright.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> (time moves only when the test calls <see cref="FakeTimeProvider.Advance(TimeSpan)"/>,
/// Twisted's <c>task.Clock</c>) that also shows the test the timers the code under test arms, so the test can
/// advance the clock knowing the code is waiting, without sleeps.
/// </summary>
/// <remarks>
/// The clock itself is <see cref="FakeTimeProvider"/>'s: this class only wraps each timer it creates to record when
/// it is armed (created with, or changed to, a finite due time) and when its callback runs. Thread-safe.
/// <code>
/// var time = new TestTimeProvider();
/// var armed = time.WhenTimerArmed();
/// await client.WriteAsync("no newline");   // the protocol arms its partial-line timer
/// time.Advance((await armed).DueTime);     // and it fires
/// </code>
/// </remarks>
public sealed class TestTimeProvider : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TaskCompletionSource<ArmedTimer>> _armedWaiters = [];
    private readonly HashSet<WatchedTimer> _timers = [];

    // Every arming in order for NextArmedTimerAsync; bounded so a test that never reads it holds at most this many.
    private readonly Channel<ArmedTimer> _armings = Channel.CreateBounded<ArmedTimer>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
    private long _armCount;

    /// <summary>Creates a clock at 2000-01-01 00:00 UTC, in the UTC time zone.</summary>
    public TestTimeProvider()
    {
    }

    /// <summary>Creates a clock at <paramref name="start"/>, in the UTC time zone (see <see cref="FakeTimeProvider.SetLocalTimeZone"/>).</summary>
    /// <param name="start">The clock's first reading.</param>
    public TestTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Creates a clock at <paramref name="start"/> in <paramref name="localTimeZone"/>.</summary>
    /// <param name="start">The clock's first reading.</param>
    /// <param name="localTimeZone">The zone <see cref="TimeProvider.LocalTimeZone"/> reports.</param>
    public TestTimeProvider(DateTimeOffset start, TimeZoneInfo localTimeZone)
        : base(start) => SetLocalTimeZone(localTimeZone);

    /// <summary>Gets how many times a timer was armed.</summary>
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

    /// <summary>Gets how many timers are armed and have not fired (periodic timers count until disposed or stopped).</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.Current is { } armed && (armed.Period is not null || !armed.Fired));
            }
        }
    }

    /// <summary>Returns a task that completes with the next timer armed after this call.</summary>
    /// <returns>The arming: its due time, period and whether it has fired.</returns>
    public Task<ArmedTimer> WhenTimerArmed()
    {
        var waiter = new TaskCompletionSource<ArmedTimer>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _armedWaiters.Add(waiter);
        }

        return waiter.Task;
    }

    /// <summary>Gets whether an arming is waiting to be taken by <see cref="NextArmedTimerAsync"/>.</summary>
    public bool HasArmedTimerWaiting => _armings.Reader.Count > 0;

    /// <summary>
    /// Takes the oldest arming not taken yet: every arming since the clock was created, in order, each once
    /// (the 256 most recent are kept). Unlike <see cref="WhenTimerArmed"/>, an arming that happened before the call is not missed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The arming.</returns>
    public async Task<ArmedTimer> NextArmedTimerAsync(CancellationToken cancellationToken = default) =>
        await _armings.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var watched = new WatchedTimer(this);
        // The inner timer starts disarmed so that the arming below is recorded before it can fire.
        watched.Inner = base.CreateTimer(static s => ((WatchedTimer)s!).Fire(), watched, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        watched.Callback = callback;
        watched.State = state;
        watched.Change(dueTime, period);
        return watched;
    }

    /// <summary>Makes <paramref name="armed"/> the timer's current arming (null: disarmed), before the inner timer is changed.</summary>
    private void SetCurrent(WatchedTimer timer, ArmedTimer? armed)
    {
        lock (_lock)
        {
            timer.Current = armed;
            if (armed is not null)
            {
                _timers.Add(timer);
                _armCount++;
            }
        }
    }

    /// <summary>Tells the test about an arming, once the inner timer runs to it: a test that sees it and advances the clock then fires it.</summary>
    private void Publish(ArmedTimer armed)
    {
        List<TaskCompletionSource<ArmedTimer>>? waiters = null;
        lock (_lock)
        {
            _armings.Writer.TryWrite(armed);
            if (_armedWaiters.Count > 0)
            {
                waiters = [.. _armedWaiters];
                _armedWaiters.Clear();
            }
        }

        waiters?.ForEach(w => w.TrySetResult(armed));
    }

    private void Removed(WatchedTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class WatchedTimer(TestTimeProvider owner) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimerCallback Callback { get; set; } = null!;

        public object? State { get; set; }

        public ArmedTimer? Current { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var finite = dueTime != Timeout.InfiniteTimeSpan;
            var repeat = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? (TimeSpan?)null : period;
            var armed = finite ? new ArmedTimer(dueTime, repeat, owner.GetUtcNow() + dueTime) : null;
            owner.SetCurrent(this, armed);
            // Published only after the inner timer is armed: a test woken by the arming may advance the clock at once,
            // from another thread, and an inner timer changed after that advance would fall due one advance too late.
            var changed = Inner.Change(dueTime, period);
            if (armed is not null)
            {
                owner.Publish(armed);
            }

            return changed;
        }

        public void Fire()
        {
            Current?.MarkFired();
            Callback(State);
        }

        public void Dispose()
        {
            Current?.MarkDisposed();
            owner.Removed(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
