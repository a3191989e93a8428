using Netwright.Testing;

namespace Netwright.Tests.Testing;

public sealed class TestTimeProviderTests
{
    private readonly TestTimeProvider _clock = new(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TimersFireInDueOrderAtTheirDueTime()
    {
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = _clock.CreateTimer(_ => fired.Add(("late", _clock.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = _clock.CreateTimer(_ => fired.Add(("early", _clock.GetUtcNow())), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["early"], fired.Select(f => f.Name));

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["early", "late"], fired.Select(f => f.Name));
        // FakeTimeProvider moves to the end of the advance first, then fires what fell due, in due order.
        Assert.Equal(_clock.GetUtcNow(), fired[1].At);
    }

    [Fact]
    public void PeriodicTimersFireOncePerPeriodAndStopWhenDisposed()
    {
        var count = 0;
        var timer = _clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, count);

        timer.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, count);
    }

    [Fact]
    public void ChangeReschedulesAndInfiniteDisarms()
    {
        var count = 0;
        using var timer = _clock.CreateTimer(_ => count++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(0, _clock.PendingTimerCount);

        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, count);
        Assert.Equal(1, _clock.ArmCount);
    }

    [Fact]
    public async Task WhenTimerArmedCompletesOnTheNextSchedule()
    {
        var armed = _clock.WhenTimerArmed();
        Assert.False(armed.IsCompleted);

        using var timer = _clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        await armed.DefaultTimeout();
    }

    [Fact]
    public async Task AnArmingSeenFromAnotherThreadFiresWhenTheClockIsAdvancedAtOnce()
    {
        // Servers arm timers on their own threads while the test watches the armings and advances: an arming must
        // be published only once the timer really runs to it, or an advance made at once finds it not yet armed.
        const int Rounds = 20_000;
        var due = TimeSpan.FromSeconds(1);
        using var timer = _clock.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var requested = 0;
        var armer = new Thread(() =>
        {
            for (var round = 1; round <= Rounds; round++)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref requested) < round)
                {
                    spin.SpinOnce();
                }

                timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        })
        { IsBackground = true };
        armer.Start();

        var missed = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            Volatile.Write(ref requested, round);
            var spin = new SpinWait();
            while (!_clock.HasArmedTimerWaiting)
            {
                spin.SpinOnce();
            }

            var armed = await _clock.NextArmedTimerAsync();
            _clock.Advance(due);
            missed += armed.Fired ? 0 : 1;
        }

        Assert.True(armer.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, missed);
    }

    [Fact]
    public async Task DelaysAndTimeoutTokensFollowTheClock()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30), _clock);
        var delay = Task.Delay(TimeSpan.FromSeconds(10), _clock);

        _clock.Advance(TimeSpan.FromSeconds(10));
        await delay.DefaultTimeout();
        Assert.False(cts.IsCancellationRequested);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public void LocalTimeUsesTheGivenZone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test+1", TimeSpan.FromHours(1), "Test+1", "Test+1");
        var clock = new TestTimeProvider(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), zone);

        Assert.Equal(new DateTime(2020, 1, 1, 1, 0, 0), clock.GetLocalNow().DateTime);
        Assert.Equal(TimeSpan.FromSeconds(1), clock.GetElapsedTime(0, clock.TimestampFrequency));
    }
}
