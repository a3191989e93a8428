using System.Net.Sockets;
using Netwright.HostileTests.Infrastructure;
using static Netwright.HostileTests.Attacks.Treatments;

namespace Netwright.HostileTests.Attacks;

/// <summary>Attacks with many connections or much traffic at once.</summary>
internal static class CrowdAttacks
{
    /// <summary>The newline flood: 256 KiB of bare newlines, 262,144 empty lines pipelined.</summary>
    public const int FloodLines = 256 * 1024;

    public static IEnumerable<HostileAttack> All =>
    [
        new("thousand-clients-at-once", "every one served correctly", AttackTransport.Tcp,
            context => ConnectionAttacks.ManyAsync(context, 1000, client => context.Target.Service.ConverseAsync(client, "crowd", context.Token)))
        {
            MemoryBound = 64L << 20,
        },
        new("slowloris-500", "held while each line grows within the limits (or closed by the line timeout); nothing else", AttackTransport.Tcp, SlowlorisAsync)
        {
            MemoryBound = 64L << 20,
        },
        new("never-read-10", "served until the write buffer is full, then paused (back-pressure) or dropped by the write timeout", AttackTransport.Tcp, NeverReadAsync)
        {
            MemoryBound = 48L << 20,
        },
        // The target for a well-behaved client beside this flood is 100 ms on a quiet machine; the suite runs on
        // shared, loaded CI cores, so it holds the flood to the suite's 1 s and writes the slowest exchange to the test
        // output (docs/security.md keeps the measured figures).
        new("pipelined-newline-flood", "line services: 262,144 answers in order; echo: 262,144 bytes back; greet: greeting, close", AttackTransport.Tcp, NewlineFloodAsync),
    ];

    private static async Task SlowlorisAsync(AttackContext context)
    {
        await ConnectionAttacks.ManyAsync(
            context,
            500,
            before: client => SendUnlessClosedAsync(client, "GET / HTTP/1.1\r\nX-Slow: "u8.ToArray(), context.Token),
            each: client => SendUnlessClosedAsync(client, "a"u8.ToArray(), context.Token));
    }

    private static async Task NeverReadAsync(AttackContext context)
    {
        var chunk = Enumerable.Repeat("a request nobody reads\n"u8.ToArray(), 2048).SelectMany(line => line).ToArray();
        var clients = new List<HostileClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                clients.Add(await context.ConnectAsync());
            }

            // Each writes until its writes stop completing: the server has stopped reading because we do not.
            await Task.WhenAll(clients.Select(client => WriteUntilStalledAsync(client, chunk, context.Token)));
            await context.HoldAsync();
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Reset();
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Writes <paramref name="chunk"/> until a write takes longer than 200 ms or the server closes; returns the bytes written.</summary>
    internal static async Task<long> WriteUntilStalledAsync(HostileClient client, byte[] chunk, CancellationToken cancellationToken)
    {
        long written = 0;
        while (true)
        {
            var write = client.SendAsync(chunk, cancellationToken).AsTask();
            try
            {
                await write.WaitAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
                written += chunk.Length;
            }
            catch (TimeoutException)
            {
                // Stalled: TCP flow control has reached us. The pending write finishes or fails when the socket closes.
                _ = write.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                return written;
            }
            catch (IOException ex) when (ex.InnerException is SocketException)
            {
                return written;
            }
        }
    }

    private static async Task NewlineFloodAsync(AttackContext context)
    {
        await using var client = await context.ConnectAsync();
        await client.SendAsync(new byte[FloodLines].Select(_ => (byte)'\n').ToArray(), context.Token);
        var hold = context.HoldAsync();
        switch (context.Behaviour)
        {
            case ServiceBehaviour.LineRequests:
                for (var i = 0; i < FloodLines; i++)
                {
                    var reply = await client.ReadLineAsync(context.Token) ?? throw new InvalidDataException($"closed after {i} of {FloodLines} answers");
                    ExpectLineReply([], reply);
                }

                break;
            case ServiceBehaviour.ByteEcho:
                await ExpectBytesAsync(client, new byte[FloodLines].Select(_ => (byte)'\n').ToArray(), context.Token);
                break;
            default:
                await ExpectBannerAndCloseAsync(client, context.Token);
                break;
        }

        await hold;
    }
}
