using System.Net;
using Netwright.Servers;
using Netwright.Servers.Internal;
using Netwright.Testing;

namespace Netwright.Tests.Servers;

public sealed class DatagramRateLimiterTests
{
    private readonly TestTimeProvider _time = new();

    [Fact]
    public void ASourceMayBurstOneSecondsWorthThenIsDropped()
    {
        var limiter = new DatagramRateLimiter(100, _time);
        var source = Source("192.0.2.7", 40000);

        Assert.Equal(100, Admitted(limiter, source, 1_000));
        Assert.False(limiter.TryAcquire(source));
    }

    [Fact]
    public void AThrottledSourceIsAnsweredAgainAtTheConfiguredRate()
    {
        var limiter = new DatagramRateLimiter(100, _time);
        var source = Source("192.0.2.7", 40000);
        Admitted(limiter, source, 1_000);

        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(5, Admitted(limiter, source, 1_000));

        // A flood that keeps sending gets exactly the rate over time, never more.
        var total = 0;
        for (var tick = 0; tick < 100; tick++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            total += Admitted(limiter, source, 50);
        }

        Assert.Equal(100, total);
    }

    [Fact]
    public void AFloodingSourceDoesNotThrottleAnotherSourceOnTheSameAddress()
    {
        var limiter = new DatagramRateLimiter(10, _time);
        var flooder = Source("127.0.0.1", 40000);
        var client = Source("127.0.0.1", 40001);
        Admitted(limiter, flooder, 10_000);

        Assert.False(limiter.TryAcquire(flooder));
        Assert.True(limiter.TryAcquire(client));
    }

    [Fact]
    public void AnIdleSourceRefillsToOneSecondsWorthAndNoMore()
    {
        var limiter = new DatagramRateLimiter(20, _time);
        var source = Source("2001:db8::1", 53);
        Admitted(limiter, source, 100);

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(20, Admitted(limiter, source, 100));
    }

    [Fact]
    public void ARateBelowOneStillLetsOneDatagramThrough()
    {
        var limiter = new DatagramRateLimiter(0.5, _time);
        var source = Source("192.0.2.7", 1);

        Assert.Equal(1, Admitted(limiter, source, 10));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(limiter.TryAcquire(source));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(source));
    }

    [Fact]
    public void ManyMoreSourcesThanSlotsAreEachAdmittedAndTheTableStaysFixed()
    {
        var limiter = new DatagramRateLimiter(1, _time);
        var admitted = 0;
        for (var port = 1; port <= DatagramRateLimiter.Slots * 8; port++)
        {
            admitted += limiter.TryAcquire(Source("198.51.100.1", port)) ? 1 : 0;
        }

        // Past the table's size newcomers share the buckets of sources still draining: some are throttled, but the
        // table never grows, and after a second every slot has refilled.
        Assert.InRange(admitted, DatagramRateLimiter.Slots / 2, DatagramRateLimiter.Slots * 2);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(Source("198.51.100.2", 7)));
    }

    [Fact]
    public void PortRotationCannotShakeOffTheLimitOnceTheTableIsFull()
    {
        var limiter = new DatagramRateLimiter(1, _time);
        var admitted = 0;
        for (var round = 0; round < 10; round++)
        {
            for (var port = 1; port <= DatagramRateLimiter.Slots * 4; port++)
            {
                admitted += limiter.TryAcquire(Source("198.51.100.1", port)) ? 1 : 0;
            }
        }

        // Without a bound on shared buckets every one of the 81,920 datagrams would pass; with it, about the table's worth.
        Assert.True(admitted < DatagramRateLimiter.Slots * 2, $"{admitted} admitted");
    }

    [Fact]
    public void TheOptionDefaultsToAGenerousRateAndRejectsANegativeOne()
    {
        Assert.Equal(1_000, new AccessControlOptions().MaxDatagramRatePerSource);
        var options = new NetServerOptions { AccessControl = { MaxDatagramRatePerSource = -1 } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NetServer(options));

        Assert.Contains(nameof(AccessControlOptions.MaxDatagramRatePerSource), error.Message, StringComparison.Ordinal);
    }

    private static SocketAddress Source(string address, int port) => new IPEndPoint(IPAddress.Parse(address), port).Serialize();

    private static int Admitted(DatagramRateLimiter limiter, SocketAddress source, int attempts)
    {
        var admitted = 0;
        for (var i = 0; i < attempts; i++)
        {
            admitted += limiter.TryAcquire(source) ? 1 : 0;
        }

        return admitted;
    }
}
