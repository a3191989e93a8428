using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Netwright.Services.Greet;

namespace Netwright.HostileTests.Infrastructure;

/// <summary>
/// One service as the hostile suite sees it: its <c>serve</c> name, how it treats input, and how a
/// well-behaved client talks to it over a stream and over datagrams. A new service joins every attack,
/// style and engine by adding one entry to <see cref="All"/>.
/// </summary>
/// <param name="Name">The name <c>netwright serve</c> takes.</param>
/// <param name="Behaviour">How it treats input, for the attacks' expected treatment.</param>
/// <param name="ConverseAsync">One well-behaved exchange on a fresh connection; throws if the answer is wrong.</param>
/// <param name="ReplyMatches">Whether a datagram reply is right for the request.</param>
internal sealed partial record ServiceProfile(
    string Name,
    ServiceBehaviour Behaviour,
    Func<HostileClient, string, CancellationToken, Task> ConverseAsync,
    Func<string, string, bool> ReplyMatches)
{
    /// <summary>The largest line the line services accept by default (<c>--max-line-length</c>).</summary>
    public const int MaxLineLength = 16_384;

    /// <summary>Gets every service the suite attacks.</summary>
    public static IReadOnlyList<ServiceProfile> All { get; } =
    [
        new("timestamp", ServiceBehaviour.LineRequests, ExpectStampedAsync, (request, reply) => StampOf(reply).Length > 0 && reply == StampOf(reply) + request),
        new("echo", ServiceBehaviour.ByteEcho, ExpectEchoAsync, (request, reply) => reply == request),
        new("greet", ServiceBehaviour.Banner, ExpectGreetingAsync, (_, reply) => reply == Greeting.Text),
    ];

    /// <summary>Sends one datagram to <paramref name="endpoint"/> and checks the reply.</summary>
    public async Task ConverseOverUdpAsync(IPEndPoint endpoint, string request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(endpoint);
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), cancellationToken);
        var buffer = new byte[2048];
        while (true)
        {
            // A reply meant for an earlier socket on the same port (an attacker's, closed and reused) is not ours:
            // a well-behaved client ignores a reply that does not match its request, as a resolver checks its ids.
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (ReplyMatches(request, Encoding.UTF8.GetString(buffer, 0, read)))
            {
                return;
            }
        }
    }

    public override string ToString() => Name;

    private static async Task ExpectStampedAsync(HostileClient client, string text, CancellationToken cancellationToken)
    {
        await client.SendAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken);
        var line = await client.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException("timestamp: closed instead of replying");
        var reply = Encoding.UTF8.GetString(line);
        if (!Stamped().IsMatch(reply) || !reply.EndsWith("] " + text, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"timestamp: wrong reply '{reply}' to '{text}'");
        }
    }

    private static async Task ExpectEchoAsync(HostileClient client, string text, CancellationToken cancellationToken)
    {
        await client.SendAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken);
        var line = await client.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException("echo: closed instead of echoing");
        if (Encoding.UTF8.GetString(line) != text)
        {
            throw new InvalidDataException($"echo: wrong echo '{Encoding.UTF8.GetString(line)}' of '{text}'");
        }
    }

    private static async Task ExpectGreetingAsync(HostileClient client, string text, CancellationToken cancellationToken)
    {
        var (kept, _, _) = await client.ReadToEndAsync(cancellationToken);
        if (Encoding.UTF8.GetString(kept) != Greeting.Text)
        {
            throw new InvalidDataException($"greet: wrong greeting '{Encoding.UTF8.GetString(kept)}'");
        }
    }

    private static string StampOf(string reply) => Stamped().Match(reply) is { Success: true } match ? match.Value : "";

    [GeneratedRegex(@"^\[\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\] ")]
    private static partial Regex Stamped();
}
