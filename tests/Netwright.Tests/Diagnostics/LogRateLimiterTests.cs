using Netwright.Diagnostics;
using Netwright.Testing;

namespace Netwright.Tests.Diagnostics;

public sealed class LogRateLimiterTests
{
    [Fact]
    public void OneLinePerCausePerIntervalAndTheNextCarriesTheCountHeldBack()
    {
        var time = new ManualTimeProvider();
        var limiter = new LogRateLimiter(time, TimeSpan.FromSeconds(10), causes: 2);

        Assert.True(limiter.TryLog(0, out var first));
        Assert.Equal(0, first);
        Assert.False(limiter.TryLog(0, out _));
        Assert.False(limiter.TryLog(0, out _));
        Assert.True(limiter.TryLog(1, out _));

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(limiter.TryLog(0, out var held));
        Assert.Equal(2, held);
        Assert.False(limiter.TryLog(0, out _));
    }
}
