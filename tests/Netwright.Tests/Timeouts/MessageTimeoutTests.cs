using System.Buffers;
using System.Text;
using Netwright.Applications;
using Netwright.Framing;
using Netwright.Protocols;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Timeouts;

/// <summary>
/// A line or frame that has begun must finish within <see cref="ApplicationOptions.MessageTimeout"/> (slowloris), the
/// same in both styles: the timestamp service answers with an error line, then closes. Time is fake: the tests move
/// the clock and never measure it.
/// </summary>
public sealed class MessageTimeoutTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly TestTimeProvider _clock = new();
    private readonly InMemoryConnection _connection = new();

    public static TheoryData<ServiceStyle> Styles => new() { ServiceStyle.Handler, ServiceStyle.Event };

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task ALineThatIsStillUnfinishedAtTheLimitGetsAnErrorLineThenAClose(ServiceStyle style)
    {
        var run = StartTimestamp(style, partialLineDelay: Timeout.InfiniteTimeSpan);

        await _connection.PeerWriteAsync("GET / HT");
        await ArmedAsync(Limit);
        _clock.Advance(TimeSpan.FromSeconds(4));
        // More bytes of the same line do not restart its clock.
        await _connection.PeerWriteAsync("TP/1.1");
        await ArmedAsync(TimeSpan.FromSeconds(6));
        _clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal("error: line not finished within 10 s", await _connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());
        await run.DefaultTimeout();
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task ALineTrickledFasterThanThePartialLineDelayIsStillCutAtTheLimit(ServiceStyle style)
    {
        var limit = TimeSpan.FromSeconds(1);
        var step = TimeSpan.FromMilliseconds(40);
        var run = StartTimestamp(style, partialLineDelay: TimeSpan.FromMilliseconds(50), limit);
        var elapsed = TimeSpan.Zero;

        // One byte every 40 ms: never 50 ms of silence, so the partial-line delay never answers it as a line.
        while (elapsed < limit)
        {
            await _connection.PeerWriteAsync("x");
            var left = limit - elapsed;
            await ArmedAsync(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
            var advance = left < step ? left : step;
            _clock.Advance(advance);
            elapsed += advance;
        }

        Assert.Equal("error: line not finished within 1 s", await _connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());
        await run.DefaultTimeout();
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task EachLineHasItsOwnClockSoAClientSendingWholeLinesIsNeverCut(ServiceStyle style)
    {
        var run = StartTimestamp(style, partialLineDelay: Timeout.InfiniteTimeSpan);

        await _connection.PeerWriteAsync("one\ntw");
        Assert.EndsWith("] one", await _connection.PeerReadLineAsync().DefaultTimeout());
        await ArmedAsync(Limit);
        _clock.Advance(TimeSpan.FromSeconds(9));
        await _connection.PeerWriteAsync("o\nthr");
        Assert.EndsWith("] two", await _connection.PeerReadLineAsync().DefaultTimeout());
        // "thr" began after "two" finished: a full limit again, not the second left from "two".
        await ArmedAsync(Limit);
        _clock.Advance(TimeSpan.FromSeconds(9));
        await _connection.PeerWriteAsync("ee\n");

        Assert.EndsWith("] three", await _connection.PeerReadLineAsync().DefaultTimeout());
        _connection.PeerEndOfStream();
        Assert.Null(await run.DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task AConnectionWithNoLineBegunIsNotTimedByTheMessageTimeout(ServiceStyle style)
    {
        var run = StartTimestamp(style, partialLineDelay: Timeout.InfiniteTimeSpan);

        await _connection.PeerWriteAsync("one\n");
        Assert.EndsWith("] one", await _connection.PeerReadLineAsync().DefaultTimeout());
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _connection.PeerWriteAsync("two\n");

        Assert.EndsWith("] two", await _connection.PeerReadLineAsync().DefaultTimeout());
        _connection.PeerEndOfStream();
        Assert.Null(await run.DefaultTimeout());
    }

    [Fact]
    public async Task AFrameThatIsStillUnfinishedAtTheLimitIsRejectedThenClosed()
    {
        var protocol = new Frames();
        var run = ServiceRun.Start(ProtocolFactory.Create(_ => protocol), _connection, Context(Timeout.InfiniteTimeSpan, Limit));

        await _connection.PeerWriteAsync(new byte[] { 0, 0, 0, 5, (byte)'h', (byte)'i' });
        await ArmedAsync(Limit);
        _clock.Advance(Limit);

        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());
        await run.DefaultTimeout();
        var error = Assert.Single(protocol.Rejected);
        Assert.Equal(FramingError.MessageTimeout, error.Error);
        Assert.Equal("frame not finished within 10 s", error.Message);
        Assert.Empty(protocol.Received);
    }

    [Fact]
    public async Task InfiniteMeansAPartialLineWaitsForever()
    {
        var run = StartTimestamp(ServiceStyle.Event, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        await _connection.PeerWriteAsync("half a li");
        _clock.Advance(TimeSpan.FromHours(1));
        await _connection.PeerWriteAsync("ne\n");

        Assert.EndsWith("] half a line", await _connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Equal(0, _clock.PendingTimerCount);
        _connection.PeerEndOfStream();
        Assert.Null(await run.DefaultTimeout());
    }

    /// <summary>Waits until the application arms a timer for <paramref name="due"/>: it has read what was written and is waiting.</summary>
    private async Task ArmedAsync(TimeSpan due)
    {
        while ((await _clock.NextArmedTimerAsync().DefaultTimeout()).DueTime != due)
        {
        }
    }

    private Task<Exception?> StartTimestamp(ServiceStyle style, TimeSpan partialLineDelay, TimeSpan? limit = null) =>
        ServiceRun.Start(ServiceCatalog.Timestamp.CreateStreamApplication(style, _clock), _connection, Context(partialLineDelay, limit ?? Limit));

    private ServerContext Context(TimeSpan partialLineDelay, TimeSpan limit) => TestServer.Context(_clock, o =>
    {
        o.PartialLineDelay = partialLineDelay;
        o.MessageTimeout = limit;
    });

    private sealed class Frames : LengthPrefixedProtocol
    {
        public List<byte[]> Received { get; } = [];

        public List<FramingException> Rejected { get; } = [];

        public override void OnMessageReceived(ReadOnlySequence<byte> message) => Received.Add(message.ToArray());

        public override void OnMessageRejected(FramingException error)
        {
            Rejected.Add(error);
            base.OnMessageRejected(error);
        }
    }
}
