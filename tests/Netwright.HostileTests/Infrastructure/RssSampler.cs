namespace Netwright.HostileTests.Infrastructure;

/// <summary>Samples a server's RSS every few milliseconds in the background and keeps the peak.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly ServerProcess _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public RssSampler(ServerProcess server)
    {
        _server = server;
        _peak = server.ReadRss();
        _loop = SampleAsync();
    }

    /// <summary>Gets the highest RSS seen so far, in bytes.</summary>
    public long Peak => Interlocked.Read(ref _peak);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var rss = _server.ReadRss();
                if (rss > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, rss);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync: the normal end.
        }
    }
}
