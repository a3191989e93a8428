using System.Buffers;
using System.Buffers.Binary;
using Netwright.Clients;
using Netwright.Errors;
using Netwright.Protocols;
using Netwright.Services.Greet;
using Netwright.Services.Timestamp;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Protocols;

public sealed class ConnectedPairTests
{
    private static readonly DateTimeOffset Now = new(2018, 6, 4, 11, 20, 46, TimeSpan.Zero);

    private readonly TestTimeProvider _clock = new(Now);

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public async Task LineClientGetsATimestampReplyPerLineFromTheServer(string split)
    {
        var client = new AskingClient("Hello", "two words", "ünï");

        await RunAsync(client, new TimestampProtocol(_clock), bytes => Splits.Split(bytes, split));

        Assert.Equal(
            ["[Mon Jun  4 11:20:46 2018] Hello", "[Mon Jun  4 11:20:46 2018] two words", "[Mon Jun  4 11:20:46 2018] ünï"],
            client.Replies);
    }

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public async Task LengthPrefixedPingPongCountsToTheEnd(string split)
    {
        var client = new Counter { Limit = 50 };
        var server = new Counter();

        await RunAsync(client, server, bytes => Splits.Split(bytes, split));

        // The client sends the even numbers and hangs up on receiving 51.
        Assert.Equal(51, client.Last);
        Assert.Equal(50, server.Last);
    }

    [Fact]
    public async Task ClientSeesTheGreetingThenACleanClose()
    {
        var client = new RecordingProtocol();

        await RunAsync(client, new GreetProtocol(), bytes => Splits.Split(bytes, "bytes"));

        Assert.Equal(Greeting.Text, string.Concat(client.Events.Where(e => e.StartsWith("data:", StringComparison.Ordinal)).Select(e => e[5..])));
        Assert.Null(await client.Lost.DefaultTimeout());
    }

    [Fact]
    public async Task ClientAbortIsAResetForTheServer()
    {
        var client = new RecordingProtocol { OnConnectedAction = t => t.Abort() };
        var server = new RecordingProtocol();

        await RunAsync(client, server);

        Assert.Null(await client.Lost.DefaultTimeout());
        Assert.IsType<ConnectionResetException>(await server.Lost.DefaultTimeout());
    }

    /// <summary>Runs the client over the test kit's in-memory pair against the server until both have ended.</summary>
    private async Task RunAsync(Protocol client, Protocol server, Func<byte[], IEnumerable<byte[]>>? split = null)
    {
        await using var harness = new ApplicationHarness(ProtocolFactory.Create(_ => server), time: _clock);
        var pair = await harness.ConnectPairAsync(split).AsTask().DefaultTimeout();
        var connection = ProtocolConnector.Start(pair.Client, client, timeProvider: _clock);

        await connection.Completion.DefaultTimeout();
        // Both ends closed: the server's protocol has ended by itself, before the stop could close it.
        await pair.Completion.DefaultTimeout();
        await harness.StopAsync().DefaultTimeout();

        Assert.Empty(harness.Failures);
    }

    private sealed class AskingClient(params string[] questions) : LineProtocol
    {
        public List<string> Replies { get; } = [];

        public override void OnConnected()
        {
            foreach (var question in questions)
            {
                SendLine(question);
            }
        }

        public override void OnLineReceived(string line)
        {
            Replies.Add(line);
            if (Replies.Count == questions.Length)
            {
                Transport.LoseConnection();
            }
        }
    }

    /// <summary>Sends back the number it receives plus one; the side with a limit starts at 0 and hangs up once it receives the limit or more.</summary>
    private sealed class Counter : LengthPrefixedProtocol
    {
        public int? Limit { get; init; }

        public int Last { get; private set; } = -1;

        public override void OnConnected()
        {
            if (Limit is not null)
            {
                Send(0);
            }
        }

        public override void OnMessageReceived(ReadOnlySequence<byte> message)
        {
            Span<byte> bytes = stackalloc byte[4];
            message.CopyTo(bytes);
            Last = BinaryPrimitives.ReadInt32BigEndian(bytes);
            if (Last >= Limit)
            {
                Transport.LoseConnection();
                return;
            }

            Send(Last + 1);
        }

        private void Send(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bytes, value);
            SendMessage(bytes);
        }
    }
}
