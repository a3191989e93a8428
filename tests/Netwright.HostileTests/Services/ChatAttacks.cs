using System.Text;
using Netwright.HostileTests.Attacks;
using Netwright.HostileTests.Infrastructure;
using static Netwright.HostileTests.Attacks.Treatments;

namespace Netwright.HostileTests.Services;

/// <summary>
/// Hostile peers against <c>serve chat</c> (IRC and plain clients on one port), started with
/// <c>--message-timeout 2</c> so the slowloris kind ends within the attack, and with no per-address cap (every
/// client here shares 127.0.0.1).
/// </summary>
internal static class ChatAttacks
{
    /// <summary>The line timeout the chat server runs with in this suite, in seconds.</summary>
    public const int LineTimeoutSeconds = 2;

    public static ServiceProfile Profile { get; } = new("chat", ServiceBehaviour.LineRequests, ConverseAsync, (_, _) => false);

    public static IEnumerable<HostileAttack> All =>
    [
        new("chat-line-over-512", "417 (input line too long), connection kept", AttackTransport.Tcp, LineOverLimitAsync),
        new("chat-bad-nicks-and-control-bytes", "432 (erroneous nickname) for each, then registration works", AttackTransport.Tcp, BadNicksAsync),
        new("chat-binary-garbage", "each line rejected or answered; the client is kept or closed with ERROR", AttackTransport.Tcp, GarbageAsync),
        new("chat-ping-flood", "ERROR :Closing Link (Excess Flood), then a close", AttackTransport.Tcp, PingFloodAsync),
        new("chat-slowloris-50", $"ERROR :Closing Link (Line timeout) after {LineTimeoutSeconds} s (or, trickled slower than the partial-line delay, its text taken as lines), then a close", AttackTransport.Tcp, SlowlorisAsync)
        {
            MemoryBound = 64L << 20,
        },
        new("chat-reset-mid-line-500", "the partial line is dropped with the connection", AttackTransport.Tcp, context => ConnectionAttacks.LoopsAsync(context, 500, client =>
        {
            client.Socket.Send("NICK half\r\nPRIVMSG #room :hal"u8);
            client.Reset();
        })),
        new("chat-connect-then-reset-1000", "nothing to answer; the server forgets each at once", AttackTransport.Tcp, context => ConnectionAttacks.LoopsAsync(context, 1000, client => client.Reset())),
    ];

    /// <summary>A well-behaved IRC client: registers, PINGs, gets its PONG, quits.</summary>
    public static async Task ConverseAsync(HostileClient client, string text, CancellationToken cancellationToken)
    {
        var nick = "p" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await client.SendAsync(Ascii($"NICK {nick}\r\nUSER {nick} 0 * :probe\r\nPING :{text}\r\n"), cancellationToken);
        await ExpectAsync(client, line => line.Contains(" PONG ", StringComparison.Ordinal) && line.EndsWith(":" + text, StringComparison.Ordinal), $"PONG {text}", cancellationToken);
        await client.SendAsync("QUIT :bye\r\n"u8.ToArray(), cancellationToken);
    }

    private static async Task LineOverLimitAsync(AttackContext context)
    {
        await using var client = await RegisteredAsync(context, "long");
        await client.SendAsync(Ascii("PRIVMSG #nowhere :" + new string('x', 2000) + "\r\n"), context.Token);
        await context.HoldAsync();
        await ExpectAsync(client, line => line.Contains(" 417 ", StringComparison.Ordinal), "417", context.Token);
        await ConverseAsync(client, "after", context.Token);
    }

    private static async Task BadNicksAsync(AttackContext context)
    {
        await using var client = await context.ConnectAsync();
        string[] bad = ["\u0001bell\u0007", "a\u001b[2Jb", "#channel", "-dash", "toolongnick" + new string('n', 40)];
        foreach (var nick in bad)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes($"NICK {nick}\r\n"), context.Token);
            await ExpectAsync(client, line => line.Contains(" 432 ", StringComparison.Ordinal), $"432 for '{nick}'", context.Token);
        }

        await context.HoldAsync();
        await ConverseAsync(client, "after", context.Token);
    }

    private static async Task GarbageAsync(AttackContext context)
    {
        await using var client = await context.ConnectAsync();
        var garbage = new byte[64 * 1024];
        context.Random.NextBytes(garbage);
        await client.SendAsync(garbage, context.Token);
        await client.SendAsync("\r\nPING :alive\r\n"u8.ToArray(), context.Token);
        await context.HoldAsync();
        var seen = new StringBuilder();
        while (await client.ReadLineAsync(context.Token, 64 * 1024) is { } bytes)
        {
            var line = Encoding.UTF8.GetString(bytes).TrimEnd('\r');
            seen.AppendLine(line);
            if (line.EndsWith(" :alive", StringComparison.Ordinal) || IsFarewell(line))
            {
                return;
            }
        }

        throw new InvalidDataException($"closed without a farewell and without answering the PING; got: {Show(Encoding.UTF8.GetBytes(seen.ToString()))}");
    }

    private static async Task PingFloodAsync(AttackContext context)
    {
        await using var client = await RegisteredAsync(context, "flood");
        var flood = string.Concat(Enumerable.Range(0, 1000).Select(i => $"PING :{i}\r\n"));
        await client.SendAsync(Ascii(flood), context.Token);
        await context.HoldAsync();
        await ExpectAsync(client, line => line == "ERROR :Closing Link: 127.0.0.1 (Excess Flood)", "Excess Flood", context.Token);
        var (_, _, _) = await client.ReadToEndAsync(context.Token);
    }

    private static async Task SlowlorisAsync(AttackContext context)
    {
        var clients = new List<HostileClient>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var client = await context.ConnectAsync();
                clients.Add(client);
                await client.SendAsync(Ascii($"NICK slow{i}"), context.Token);
            }

            // One byte each every 15 ms: never the 50 ms of silence after which a partial line is taken as a line.
            var trickling = TrickleAsync(context, clients);
            await context.HoldAsync();
            var farewells = await Task.WhenAll(clients.Select(client => client.ReadToEndAsync(context.Token)));
            await trickling;
            var timedOut = 0;
            foreach (var (kept, _, _) in farewells)
            {
                var lines = Encoding.UTF8.GetString(kept).Split('\n').Select(line => line.TrimEnd('\r')).ToList();
                if (!lines.Any(IsFarewell))
                {
                    throw new InvalidDataException($"a slowloris client was closed without a farewell: '{Show(kept)}'");
                }

                // The IRC farewell, or the plain one for a client whose trickle a loaded machine delayed into a plain client's name.
                timedOut += lines.Contains("ERROR :Closing Link: 127.0.0.1 (Line timeout)") || lines.Contains("* Disconnected: Line timeout") ? 1 : 0;
            }

            // A trickle that a loaded machine delays past the 50 ms partial-line delay has its text taken as a line (a
            // plain client's name); its next bytes begin another line, timed the same way. Most must meet the timeout.
            if (timedOut == 0)
            {
                throw new InvalidDataException($"no slowloris client was closed by the line timeout; the first got '{Show(farewells[0].Kept)}'");
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static Task TrickleAsync(AttackContext context, List<HostileClient> clients) => Task.WhenAll(clients.Select(async client =>
    {
        await Task.Yield();
        try
        {
            // Each on its own loop, so one slow send does not delay the others' bytes past the partial-line delay.
            while (true)
            {
                await client.SendAsync("x"u8.ToArray(), context.Token);
                await Task.Delay(15, context.Token);
            }
        }
        catch (IOException)
        {
            // Closed by the line timeout: what this attack waits for.
        }
    }));

    /// <summary>Whether <paramref name="line"/> is the chat's last line to a client it closes (IRC or plain).</summary>
    private static bool IsFarewell(string line) =>
        line.StartsWith("ERROR :Closing Link", StringComparison.Ordinal) || line.StartsWith("* Disconnected:", StringComparison.Ordinal);

    private static async Task<HostileClient> RegisteredAsync(AttackContext context, string nick)
    {
        var client = await context.ConnectAsync();
        await client.SendAsync(Ascii($"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\n"), context.Token);
        await ExpectAsync(client, line => line.Contains(" 001 ", StringComparison.Ordinal), "001 (welcome)", context.Token);
        return client;
    }

    private static async Task ExpectAsync(HostileClient client, Func<string, bool> wanted, string what, CancellationToken cancellationToken)
    {
        while (await client.ReadLineAsync(cancellationToken) is { } bytes)
        {
            if (wanted(Encoding.UTF8.GetString(bytes).TrimEnd('\r')))
            {
                return;
            }
        }

        throw new InvalidDataException($"closed before {what}");
    }
}
