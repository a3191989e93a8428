using Netwright.HostileTests.Infrastructure;
using static Netwright.HostileTests.Attacks.Treatments;

namespace Netwright.HostileTests.Attacks;

/// <summary>Attacks with what is inside a connection: odd bytes, odd lines, lines far over the limit.</summary>
internal static class LineAttacks
{
    private const string Answered = "line services: one answer per line (stamped if UTF-8, else an error line), connection kept; echo: bytes back unchanged; greet: greeting, close";

    public static IEnumerable<HostileAttack> All =>
    [
        new("invalid-utf8", Answered, AttackTransport.Tcp, context => OneConnectionAsync(context,
            [[0xC3, 0x28], [0xFF, 0xFE, 0xFD], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [(byte)'o', (byte)'k', 0xE2, 0x82]])),
        new("byte-order-marks", Answered, AttackTransport.Tcp, context => OneConnectionAsync(context,
            [[0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i'], [0xFE, 0xFF, 0, (byte)'h'], [0xFF, 0xFE, (byte)'h', 0], [0xEF, 0xBB, 0xBF]])),
        new("nul-and-control-bytes", Answered, AttackTransport.Tcp, context => OneConnectionAsync(context,
            [[0], [(byte)'a', 0, (byte)'b'], Ascii("\u0001\u0002\u001b[2J\u001b]0;pwned\u0007\u007f"), Ascii("\b\b\b\f\v\t"), Ascii("lone\rcr"), Ascii("\r\r")])),
        new("binary-garbage", Answered, AttackTransport.Tcp, BinaryGarbageAsync),
        new("line-at-the-limit", Answered, AttackTransport.Tcp, context => OneConnectionAsync(context,
            [Filled(ServiceProfile.MaxLineLength), [.. Filled(ServiceProfile.MaxLineLength), (byte)'\r']])),
        new("utf8-split-across-writes", Answered, AttackTransport.Tcp, DribbledUtf8Async),
        new("line-one-byte-over", "line services: an error line, then a close; echo: bytes back; greet: greeting, close", AttackTransport.Tcp,
            context => OversizeLineAsync(context, ServiceProfile.MaxLineLength + 1)),
        new("line-1-mib", "as line-one-byte-over", AttackTransport.Tcp, context => OversizeLineAsync(context, 1 << 20)),
        new("line-256-mib", "line services: an error line, then a close (the rest is discarded); echo: all 256 MiB back; greet: greeting, close",
            AttackTransport.Tcp, context => OversizeLineAsync(context, 256 << 20)),
    ];

    private static async Task OneConnectionAsync(AttackContext context, byte[][] lines)
    {
        await using var client = await context.ConnectAsync();
        await SendLinesAndCheckAsync(context, client, lines);
    }

    private static async Task BinaryGarbageAsync(AttackContext context)
    {
        var garbage = new byte[256 * 1024];
        context.Random.NextBytes(garbage);
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] == '\n')
            {
                lines.Add(garbage[start..i]);
                start = i + 1;
            }
        }

        await OneConnectionAsync(context, [.. lines]);
    }

    private static async Task DribbledUtf8Async(AttackContext context)
    {
        await using var client = await context.ConnectAsync();
        byte[] line = [.. "héllo €uro 𝄞 "u8, .. "\n"u8];
        foreach (var b in line)
        {
            await client.SendAsync(new[] { b }, context.Token);
        }

        await context.HoldAsync();
        switch (context.Behaviour)
        {
            case ServiceBehaviour.LineRequests:
                // The service may answer pieces that waited longer than its partial-line delay; every answer must
                // be whole UTF-8 text or an error line, never a corrupted character.
                var reply = await client.ReadLineAsync(context.Token) ?? throw new InvalidDataException("closed instead of answering");
                if (reply[0] != '[' && !reply.AsSpan().StartsWith("error: "u8))
                {
                    throw new InvalidDataException($"unexpected answer '{Show(reply)}'");
                }

                break;
            case ServiceBehaviour.ByteEcho:
                await ExpectBytesAsync(client, line, context.Token);
                break;
            default:
                await ExpectBannerAndCloseAsync(client, context.Token);
                break;
        }
    }

    private static async Task OversizeLineAsync(AttackContext context, long size)
    {
        await using var client = await context.ConnectAsync();
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(context.Token);
        var sender = SendFilledAsync(client, size, stopSending.Token);
        var hold = context.HoldAsync();
        try
        {
            switch (context.Behaviour)
            {
                case ServiceBehaviour.ByteEcho:
                    await ExpectFilledAsync(client, size + 1, context.Token);
                    await sender;
                    break;
                case ServiceBehaviour.LineRequests:
                    await ExpectErrorAndCloseAsync(client, context.Token);
                    break;
                default:
                    await ExpectBannerAndCloseAsync(client, context.Token);
                    break;
            }
        }
        finally
        {
            // Once the server has closed, the rest of the line has nowhere to go.
            await stopSending.CancelAsync();
            await IgnoreSendFailureAsync(sender);
        }

        await hold;
    }

    private static async Task SendFilledAsync(HostileClient client, long size, CancellationToken cancellationToken)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        for (long sent = 0; sent < size; sent += chunk.Length)
        {
            await client.SendAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, size - sent)), cancellationToken);
        }

        await client.SendAsync("\n"u8.ToArray(), cancellationToken);
    }

    private static async Task IgnoreSendFailureAsync(Task sender)
    {
        try
        {
            await sender;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The server closed the connection or we stopped sending: the expected end of the attack.
        }
    }

    private static async Task ExpectFilledAsync(HostileClient client, long size, CancellationToken cancellationToken)
    {
        var buffer = new byte[256 * 1024];
        long received = 0;
        while (received < size)
        {
            var read = await client.Stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - received)), cancellationToken);
            if (read == 0)
            {
                throw new InvalidDataException($"echo ended after {received} of {size} bytes");
            }

            var expected = received + read == size ? read - 1 : read;
            if (buffer.AsSpan(0, expected).ContainsAnyExcept((byte)'x') || (expected < read && buffer[read - 1] != '\n'))
            {
                throw new InvalidDataException($"echo corrupted near byte {received}");
            }

            received += read;
        }
    }

    private static byte[] Filled(int length)
    {
        var line = new byte[length];
        Array.Fill(line, (byte)'y');
        return line;
    }
}
