using System.Buffers;
using Netwright.Framing;
using Netwright.Protocols;
using Netwright.Tests.Support;

namespace Netwright.Tests.Protocols;

public sealed class LengthPrefixedProtocolTests
{
    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public void MessagesAreDeliveredWhateverTheSplits(string split)
    {
        var protocol = new Messages();
        var feeder = new ProtocolFeeder(protocol);
        byte[] input = [0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];

        feeder.FeedAll(Splits.Split(input, split));

        Assert.Equal([[1, 2, 3], [], "hello"u8.ToArray()], protocol.Received);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void TwoBytePrefixesAreRead()
    {
        var protocol = new Messages { LengthPrefixSize = 2 };
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed([0, 2, 9, 8, 0, 1]);
        feeder.Feed([7]);

        Assert.Equal([[9, 8], [7]], protocol.Received);
    }

    [Fact]
    public void OversizedPrefixIsRejectedBeforeTheBodyArrives()
    {
        var protocol = new Messages { MaxMessageLength = 1000 };
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed([0, 0, 0x03]);
        Assert.Empty(protocol.Rejected);
        feeder.Feed([0xE9]);

        var error = Assert.Single(protocol.Rejected);
        Assert.Equal(FramingError.MessageTooLong, error.Error);
        Assert.True(feeder.Transport.LostConnection);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void NegativePrefixIsRejected()
    {
        var protocol = new Messages();
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed([0xFF, 0xFF, 0xFF, 0xFE, 1, 2]);

        Assert.Single(protocol.Rejected);
        Assert.Empty(protocol.Received);
        Assert.True(feeder.Transport.LostConnection);
    }

    [Fact]
    public void NothingIsDeliveredAfterARejectionEvenIfTheHookKeepsTheConnection()
    {
        var protocol = new Messages { MaxMessageLength = 10, CloseOnReject = false };
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed([0, 0, 0, 11]);
        feeder.Feed([0, 0, 0, 1, 42]);

        Assert.Single(protocol.Rejected);
        Assert.Empty(protocol.Received);
    }

    [Fact]
    public void MessagesAfterLoseConnectionAreNotDelivered()
    {
        var protocol = new Messages { QuitAfterFirst = true };
        var feeder = new ProtocolFeeder(protocol);

        feeder.Feed([0, 0, 0, 1, 1, 0, 0, 0, 1, 2]);

        Assert.Equal([[1]], protocol.Received);
    }

    [Fact]
    public void SendMessageWritesThePrefixAndTheBody()
    {
        var protocol = new Messages();
        var feeder = new ProtocolFeeder(protocol);

        protocol.Send([7, 8]);
        protocol.LengthPrefixSize = 2;
        protocol.Send([9]);

        Assert.Equal(new byte[] { 0, 0, 0, 2, 7, 8, 0, 1, 9 }, feeder.Transport.Written);
    }

    [Fact]
    public void SendMessageRefusesAMessageOverTheLimit()
    {
        var protocol = new Messages { MaxMessageLength = 3 };
        var feeder = new ProtocolFeeder(protocol);

        Assert.Throws<ArgumentOutOfRangeException>(() => protocol.Send([1, 2, 3, 4]));
        Assert.Empty(feeder.Transport.Written);
    }

    private sealed class Messages : LengthPrefixedProtocol
    {
        public List<byte[]> Received { get; } = [];

        public List<FramingException> Rejected { get; } = [];

        public bool CloseOnReject { get; init; } = true;

        public bool QuitAfterFirst { get; init; }

        public override void OnMessageReceived(ReadOnlySequence<byte> message)
        {
            Received.Add(message.ToArray());
            if (QuitAfterFirst)
            {
                Transport.LoseConnection();
            }
        }

        public override void OnMessageRejected(FramingException error)
        {
            Rejected.Add(error);
            if (CloseOnReject)
            {
                base.OnMessageRejected(error);
            }
        }

        public void Send(byte[] message) => SendMessage(message);
    }
}
