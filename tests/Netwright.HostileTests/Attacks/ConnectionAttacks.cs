using Netwright.HostileTests.Infrastructure;
using static Netwright.HostileTests.Attacks.Treatments;

namespace Netwright.HostileTests.Attacks;

/// <summary>Attacks with how connections are opened, held, half-closed and dropped.</summary>
internal static class ConnectionAttacks
{
    public static IEnumerable<HostileAttack> All =>
    [
        new("connect-then-reset-2000", "nothing to answer; the server forgets each at once", AttackTransport.Tcp,
            context => LoopsAsync(context, 2000, client => client.Reset())),
        new("connect-then-close-2000", "nothing to answer (greet: the greeting may be refused by the peer)", AttackTransport.Tcp,
            context => LoopsAsync(context, 2000, client => client.Socket.Close())),
        new("request-then-reset-1000", "the answer is dropped with the connection", AttackTransport.Tcp,
            context => LoopsAsync(context, 1000, client =>
            {
                client.Socket.Send("one\ntwo\nthree\n"u8);
                client.Reset();
            })),
        new("reset-mid-line-1000", "the partial line is dropped with the connection", AttackTransport.Tcp,
            context => LoopsAsync(context, 1000, client =>
            {
                client.Socket.Send("half a li"u8);
                client.Reset();
            })),
        new("half-close-after-request-200", "the answer, then a close (FIN)", AttackTransport.Tcp, HalfCloseAfterRequestAsync),
        new("half-close-at-once-200", "a close (greet: the greeting, then a close)", AttackTransport.Tcp, HalfCloseAtOnceAsync),
        new("partial-line-then-silence", "line services answer the partial text after the partial-line delay and keep the connection; echo: bytes back; greet: greeting, close",
            AttackTransport.Tcp, PartialLineThenSilenceAsync),
        new("http-request-to-line-service", "each header line answered like any line; greet: greeting, close", AttackTransport.Tcp, async context =>
        {
            await using var client = await context.ConnectAsync();
            await SendLinesAndCheckAsync(context, client, [Ascii("GET / HTTP/1.1\r"), Ascii("Host: victim\r"), Ascii("\r")]);
        }),
    ];

    internal static async Task LoopsAsync(AttackContext context, int count, Action<HostileClient> abuse)
    {
        var rounds = await context.LoopDuringHoldAsync(workers: 8, minimumRounds: count, async () =>
        {
            var client = await context.ConnectAsync();
            abuse(client);
            await client.DisposeAsync();
        });
        if (rounds < count)
        {
            throw new InvalidOperationException($"only {rounds} of {count} rounds ran");
        }
    }

    private static async Task HalfCloseAfterRequestAsync(AttackContext context)
    {
        await ManyAsync(context, 200, async client =>
        {
            await client.SendAsync("half\n"u8.ToArray(), context.Token);
            client.ShutdownSend();
            var (kept, _, reset) = await client.ReadToEndAsync(context.Token);
            var ok = context.Behaviour switch
            {
                ServiceBehaviour.LineRequests => kept.Length == 32 && kept[0] == '[' && kept.AsSpan().EndsWith("] half\n"u8),
                ServiceBehaviour.ByteEcho => kept.AsSpan().SequenceEqual("half\n"u8),
                _ => kept.AsSpan().SequenceEqual(Netwright.Services.Greet.Greeting.Text.Select(c => (byte)c).ToArray()),
            };
            if (!ok || reset)
            {
                throw new InvalidDataException($"after a half-close got '{Show(kept)}'{(reset ? " and a reset" : "")}");
            }
        });
    }

    private static async Task HalfCloseAtOnceAsync(AttackContext context)
    {
        await ManyAsync(context, 200, async client =>
        {
            client.ShutdownSend();
            var (kept, _, _) = await client.ReadToEndAsync(context.Token);
            var expected = context.Behaviour == ServiceBehaviour.Banner ? Netwright.Services.Greet.Greeting.Text : "";
            if (Show(kept) != expected)
            {
                throw new InvalidDataException($"after a half-close got '{Show(kept)}'");
            }
        });
    }

    /// <summary>
    /// Opens <paramref name="count"/> connections, runs <paramref name="before"/> on each, holds, then runs
    /// <paramref name="each"/> on all of them together.
    /// </summary>
    internal static async Task ManyAsync(AttackContext context, int count, Func<HostileClient, Task> each, Func<HostileClient, Task>? before = null, System.Net.IPEndPoint? endpoint = null)
    {
        var clients = new List<HostileClient>(count);
        try
        {
            // In batches, so the listen backlog never overflows (a dropped SYN is retried only after a second).
            for (var i = 0; i < count; i += 100)
            {
                clients.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(100, count - i)).Select(_ => endpoint is null ? context.ConnectAsync() : HostileClient.ConnectAsync(endpoint, context.Token))));
            }

            if (before is not null)
            {
                await Task.WhenAll(clients.Select(before));
            }

            await context.HoldAsync();
            await Task.WhenAll(clients.Select(each));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task PartialLineThenSilenceAsync(AttackContext context)
    {
        await using var client = await context.ConnectAsync();
        await client.SendAsync("partial"u8.ToArray(), context.Token);
        await context.HoldAsync();
        switch (context.Behaviour)
        {
            case ServiceBehaviour.LineRequests:
                ExpectLineReply("partial"u8.ToArray(), await client.ReadLineAsync(context.Token) ?? throw new InvalidDataException("closed instead of answering"));
                await context.Target.Service.ConverseAsync(client, "after", context.Token);
                break;
            case ServiceBehaviour.ByteEcho:
                await ExpectBytesAsync(client, "partial"u8.ToArray(), context.Token);
                break;
            default:
                await ExpectBannerAndCloseAsync(client, context.Token);
                break;
        }
    }
}
