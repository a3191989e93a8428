using Netwright.Diagnostics;
using Netwright.Testing;

namespace Netwright.Tests.Diagnostics;

public sealed class LogLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void OneLinePerCausePerIntervalThenTheNextCountsWhatWasHeldBack()
    {
        var limiter = new LogLimiter(_time, TimeSpan.FromSeconds(10));

        Assert.True(limiter.ShouldLog("BadInput", out var first));
        var held = Enumerable.Range(0, 500).Count(i => limiter.ShouldLog("BadInput", out _));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.ShouldLog("BadInput", out var next));

        Assert.Equal(0, first);
        Assert.Equal(0, held);
        Assert.Equal(500, next);
    }

    [Fact]
    public void DifferentCausesDoNotHoldEachOtherBack()
    {
        var limiter = new LogLimiter(_time, TimeSpan.FromSeconds(10));

        Assert.True(limiter.ShouldLog("ConnectionRejected 192.0.2.1", out _));
        Assert.True(limiter.ShouldLog("ConnectionRejected 192.0.2.2", out _));
        Assert.True(limiter.ShouldLog("BadDatagram", out _));
        Assert.False(limiter.ShouldLog("ConnectionRejected 192.0.2.1", out _));
    }

    [Fact]
    public void ManyAddressesFoldIntoTheirEventOnceTheTableIsFull()
    {
        var limiter = new LogLimiter(_time, TimeSpan.FromSeconds(10));
        var written = 0;
        for (var i = 0; i < LogLimiter.MaxCauses * 3; i++)
        {
            written += limiter.ShouldLog($"ConnectionRejected 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", out _) ? 1 : 0;
        }

        Assert.Equal(LogLimiter.MaxCauses + 1, written);
    }

    [Fact]
    public void AZeroIntervalLogsEveryLine()
    {
        var limiter = new LogLimiter(_time, TimeSpan.Zero);

        Assert.All(Enumerable.Range(0, 10), i => Assert.True(limiter.ShouldLog("BadInput", out _)));
    }
}
