using System.Globalization;
using Netwright.HostileTests.Attacks;
using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests;

/// <summary>
/// Fifty clients that send requests and never read the answers, against every target at once (each server
/// is its own process, so their memory is measured apart): the server grows at most 64 MiB while they are
/// connected and is back within 16 MiB of where it started 5 seconds after they leave.
/// </summary>
[Collection(HostileServers.Name)]
public sealed class SlowReaderTests
{
    private const int Readers = 50;
    private const long ConnectedBound = 64L << 20;
    private const long AfterBound = 16L << 20;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    // Four servers at a time: all twelve at once (600 clients pushing megabytes each) took more than 90 s on a
    // loaded 2-core machine. Each server is its own process, so its memory is measured apart either way.
    private static readonly SemaphoreSlim s_concurrency = new(4);

    [Fact]
    public async Task FiftySlowReadersPinBoundedMemoryAndReturnItWhenTheyLeave()
    {
        var results = await Task.WhenAll(HostileTarget.All.Select(MeasureAsync));
        var failures = results.Where(result => result is not null).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static async Task<string?> MeasureAsync(HostileTarget target)
    {
        await s_concurrency.WaitAsync();
        try
        {
            return await MeasureAloneAsync(target);
        }
        finally
        {
            s_concurrency.Release();
        }
    }

    private static async Task<string?> MeasureAloneAsync(HostileTarget target)
    {
        await using var server = await ServerProcess.StartAsync(target);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var chunk = Enumerable.Repeat("a request whose answer nobody reads\n"u8.ToArray(), 2048).SelectMany(line => line).ToArray();
        var idle = server.ReadRss();
        long peak;
        var clients = new List<HostileClient>();
        await using (var sampler = new RssSampler(server))
        {
            try
            {
                for (var i = 0; i < Readers; i++)
                {
                    clients.Add(await HostileClient.ConnectAsync(server.Tcp, limit.Token));
                }

                await Task.WhenAll(clients.Select(client => CrowdAttacks.WriteUntilStalledAsync(client, chunk, limit.Token)));
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.Reset();
                    await client.DisposeAsync();
                }
            }

            peak = sampler.Peak;
        }

        await Task.Delay(Settle, limit.Token);
        var after = server.ReadRss();
        var connected = peak - idle;
        var left = after - idle;
        if (!server.IsAlive || connected > ConnectedBound || left > AfterBound)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{target}: idle {Mib(idle)} MiB; +{Mib(connected)} MiB with {Readers} slow readers (bound {Mib(ConnectedBound)}); +{Mib(left)} MiB {Settle.TotalSeconds:0} s after they left (bound {Mib(AfterBound)}){(server.IsAlive ? "" : "; the server exited")}");
        }

        return null;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
