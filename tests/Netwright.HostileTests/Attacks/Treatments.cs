using System.Text;
using System.Text.Unicode;
using Netwright.HostileTests.Infrastructure;
using Netwright.Services.Greet;

namespace Netwright.HostileTests.Attacks;

/// <summary>The treatment each kind of service gives what an attacker sends, checked on the attacker's connection.</summary>
internal static class Treatments
{
    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 120)));

    /// <summary>
    /// Sends <paramref name="lines"/> (each followed by LF) and checks the answers: a line service answers each
    /// line (stamped if UTF-8, an <c>error:</c> line if not) and keeps the connection; echo returns every byte;
    /// a banner service sends its banner and closes.
    /// </summary>
    public static async Task SendLinesAndCheckAsync(AttackContext context, HostileClient client, IReadOnlyList<byte[]> lines, bool holdAfterSending = true)
    {
        var payload = lines.SelectMany(line => line.Append((byte)'\n')).ToArray();
        await client.SendAsync(payload, context.Token);
        if (holdAfterSending)
        {
            await context.HoldAsync();
        }

        switch (context.Behaviour)
        {
            case ServiceBehaviour.LineRequests:
                foreach (var line in lines)
                {
                    var reply = await client.ReadLineAsync(context.Token, 64 * 1024) ?? throw new InvalidDataException($"closed instead of answering '{Show(line)}'");
                    ExpectLineReply(line, reply);
                }

                // The framing is intact: the same connection still gets a normal answer.
                await context.Target.Service.ConverseAsync(client, "after", context.Token);
                break;
            case ServiceBehaviour.ByteEcho:
                await ExpectBytesAsync(client, payload, context.Token);
                break;
            default:
                await ExpectBannerAndCloseAsync(client, context.Token);
                break;
        }
    }

    /// <summary>Checks one line service answer: the stamp and the line unchanged for UTF-8 (a CR before the LF dropped), an error line otherwise.</summary>
    public static void ExpectLineReply(byte[] line, byte[] reply)
    {
        var text = line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
        if (Utf8.IsValid(text))
        {
            var stamped = reply.Length == text.Length + 27 && reply[0] == '[' && reply.AsSpan(reply.Length - text.Length).SequenceEqual(text);
            if (!stamped)
            {
                throw new InvalidDataException($"the answer to '{Show(text)}' was '{Show(reply)}'");
            }
        }
        else if (!reply.AsSpan().StartsWith("error: "u8))
        {
            throw new InvalidDataException($"the answer to invalid UTF-8 was '{Show(reply)}', not an error line");
        }
    }

    /// <summary>Sends <paramref name="data"/>; a connection the server has closed (greet, or a timeout) is no failure.</summary>
    public static async Task SendUnlessClosedAsync(HostileClient client, byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync(data, cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException)
        {
            // Closed by the server: the treatment some services give.
        }
    }

    /// <summary>Reads exactly <paramref name="expected"/>'s length and compares.</summary>
    public static async Task ExpectBytesAsync(HostileClient client, byte[] expected, CancellationToken cancellationToken)
    {
        var received = new byte[expected.Length];
        await client.Stream.ReadExactlyAsync(received, cancellationToken);
        if (!received.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidDataException($"echo differs from the {expected.Length} bytes sent");
        }
    }

    /// <summary>Expects the greeting and then the end of the stream.</summary>
    public static async Task ExpectBannerAndCloseAsync(HostileClient client, CancellationToken cancellationToken)
    {
        var (kept, _, _) = await client.ReadToEndAsync(cancellationToken);
        if (Encoding.UTF8.GetString(kept) != Greeting.Text)
        {
            throw new InvalidDataException($"expected the greeting and a close, got '{Show(kept)}'");
        }
    }

    /// <summary>Expects an <c>error:</c> line and then the end of the stream (a FIN, or a reset for bytes the server discarded).</summary>
    public static async Task ExpectErrorAndCloseAsync(HostileClient client, CancellationToken cancellationToken)
    {
        var (kept, _, _) = await client.ReadToEndAsync(cancellationToken);
        var text = Encoding.UTF8.GetString(kept);
        if (!text.StartsWith("error: ", StringComparison.Ordinal) || text.IndexOf('\n', StringComparison.Ordinal) != text.Length - 1)
        {
            throw new InvalidDataException($"expected one error line and a close, got '{Show(kept)}'");
        }
    }
}
