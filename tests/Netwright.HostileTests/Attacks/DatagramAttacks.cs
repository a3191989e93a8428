using System.Net.Sockets;
using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests.Attacks;

/// <summary>Attacks on the UDP listener; the well-behaved client probes it (and TCP) meanwhile.</summary>
internal static class DatagramAttacks
{
    /// <summary>The largest UDP payload over IPv4: 65,535 − 20 (IP header) − 8 (UDP header).</summary>
    public const int LargestDatagram = 65_507;

    public static IEnumerable<HostileAttack> All =>
    [
        new("udp-flood-20000", "answered as far as the socket buffers allow; the rest dropped by the kernel, never queued without bound", AttackTransport.Udp, FloodAsync),
        new("udp-65507-byte-datagrams", "echo and greet answer; timestamp's answer cannot fit a datagram, so it is dropped with a rate-limited log line", AttackTransport.Udp, LargestAsync),
        new("udp-garbage", "timestamp: an error reply; echo: the bytes back; greet: the greeting", AttackTransport.Udp, GarbageAsync),
        new("udp-empty-datagrams", "each answered (timestamp: a bare stamp; echo: an empty datagram; greet: the greeting)", AttackTransport.Udp, EmptyAsync),
        new("udp-sender-gone-1000", "answers to closed ports fail (ICMP port unreachable) without disturbing anyone", AttackTransport.Udp, SenderGoneAsync),
    ];

    private static Socket Open(AttackContext context)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(context.Udp);
        return socket;
    }

    /// <summary>Sends without waiting, as a flooder does: a full send buffer or an ICMP error just loses the datagram.</summary>
    private static void FireAndForget(Socket socket, ReadOnlySpan<byte> payload)
    {
        socket.Blocking = false;
        try
        {
            socket.Send(payload);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.ConnectionRefused or SocketError.NoBufferSpaceAvailable)
        {
            // Lost; a flood does not retry.
        }
    }

    private static async Task FloodAsync(AttackContext context)
    {
        var senders = Enumerable.Range(0, 4).Select(_ => Open(context)).ToArray();
        try
        {
            var payload = "flood flood flood flood flood flood flood flood flood flood\n"u8.ToArray();
            var index = 0;
            await context.LoopDuringHoldAsync(workers: 4, minimumRounds: 200, async () =>
            {
                var socket = senders[Interlocked.Increment(ref index) & 3];
                for (var i = 0; i < 100; i++)
                {
                    FireAndForget(socket, payload);
                }

                await Task.Yield();
            });
        }
        finally
        {
            foreach (var socket in senders)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task LargestAsync(AttackContext context)
    {
        using var socket = Open(context);
        socket.ReceiveBufferSize = 4 << 20;
        var payload = new byte[LargestDatagram];
        Array.Fill(payload, (byte)'z');
        for (var i = 0; i < 50; i++)
        {
            await socket.SendAsync(payload, context.Token);
        }

        await context.HoldAsync();
        if (context.Behaviour == ServiceBehaviour.LineRequests)
        {
            return;
        }

        var reply = new byte[LargestDatagram + 1];
        var read = await socket.ReceiveAsync(reply, context.Token);
        var ok = context.Behaviour == ServiceBehaviour.ByteEcho
            ? reply.AsSpan(0, read).SequenceEqual(payload)
            : context.Target.Service.ReplyMatches("", Treatments.Show(reply[..read]));
        if (!ok)
        {
            throw new InvalidDataException($"wrong answer ({read} bytes) to a {LargestDatagram}-byte datagram");
        }
    }

    private static async Task GarbageAsync(AttackContext context)
    {
        using var socket = Open(context);
        var garbage = new byte[512];
        for (var i = 0; i < 200; i++)
        {
            context.Random.NextBytes(garbage);
            garbage[0] = 0xFF;
            await socket.SendAsync(garbage, context.Token);
        }

        await context.HoldAsync();
        var reply = new byte[2048];
        var read = await socket.ReceiveAsync(reply, context.Token);
        var text = Treatments.Show(reply[..read]);
        var ok = context.Behaviour switch
        {
            ServiceBehaviour.LineRequests => text.StartsWith("error: ", StringComparison.Ordinal),
            ServiceBehaviour.ByteEcho => read == garbage.Length && reply[0] == 0xFF,
            _ => context.Target.Service.ReplyMatches("", text),
        };
        if (!ok)
        {
            throw new InvalidDataException($"wrong answer '{text}' to a garbage datagram");
        }
    }

    private static async Task EmptyAsync(AttackContext context)
    {
        using var socket = Open(context);
        for (var i = 0; i < 200; i++)
        {
            await socket.SendAsync(Array.Empty<byte>(), context.Token);
        }

        await context.HoldAsync();
        var reply = new byte[2048];
        var read = await socket.ReceiveAsync(reply, context.Token);
        if (!context.Target.Service.ReplyMatches("", Treatments.Show(reply[..read])))
        {
            throw new InvalidDataException($"wrong answer '{Treatments.Show(reply[..read])}' to an empty datagram");
        }
    }

    private static async Task SenderGoneAsync(AttackContext context)
    {
        await context.LoopDuringHoldAsync(workers: 4, minimumRounds: 1000, async () =>
        {
            using (var socket = Open(context))
            {
                FireAndForget(socket, "who is there?\n"u8);
            }

            await Task.Yield();
        });
    }
}
