using System.Text;
using Netwright.Framing;
using Netwright.Streams;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Streams;

public sealed class StreamSessionLineTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);

    private readonly InMemoryConnection _connection = new();
    private readonly TestTimeProvider _clock = new();

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public async Task LinesAreReadWhateverTheSplits(string split)
    {
        using var session = CreateSession();
        var input = Encoding.UTF8.GetBytes("first\nsecond\r\n\r\nünïcödé ✓\nlast\n");

        var feeding = FeedAsync(Splits.Split(input, split));
        var lines = await ReadAllLinesAsync(session);
        await feeding.DefaultTimeout();

        Assert.Equal(["first", "second", "", "ünïcödé ✓", "last"], lines);
    }

    [Fact]
    public async Task CrLfAndLfBothEndALineAndALoneCrStaysInTheText()
    {
        using var session = CreateSession();
        await _connection.PeerWriteAsync("a\r\nb\nc\rd\n");
        _connection.PeerEndOfStream();

        Assert.Equal(["a", "b", "c\rd"], await ReadAllLinesAsync(session));
    }

    [Fact]
    public async Task FinalLineWithoutNewlineIsReturnedAtEndOfStream()
    {
        using var session = CreateSession();
        await _connection.PeerWriteAsync("one\ntwo");
        _connection.PeerEndOfStream();

        Assert.Equal("one", await session.ReadLineAsync().DefaultTimeout());
        Assert.Equal("two", await session.ReadLineAsync().DefaultTimeout());
        Assert.Null(await session.ReadLineAsync().DefaultTimeout());
        Assert.Null(await session.ReadLineAsync().DefaultTimeout());
    }

    [Fact]
    public async Task PartialTextIsDeliveredOnlyAfterTheDelayPasses()
    {
        using var session = CreateSession();
        var armed = _clock.WhenTimerArmed();
        var read = session.ReadLineAsync().AsTask();
        await _connection.PeerWriteAsync("Hello");
        await armed.DefaultTimeout();

        _clock.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.False(read.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("Hello", await read.DefaultTimeout());
    }

    [Fact]
    public async Task PartialTextIsNotDeliveredWithoutTheClockMoving()
    {
        using var session = CreateSession();
        var armed = _clock.WhenTimerArmed();
        var read = session.ReadLineAsync().AsTask();
        await _connection.PeerWriteAsync("Hel");
        await armed.DefaultTimeout();

        // The rest of the line arrives without any time passing: one line, not two.
        await _connection.PeerWriteAsync("lo\nnext\n");

        Assert.Equal("Hello", await read.DefaultTimeout());
        Assert.Equal("next", await session.ReadLineAsync().DefaultTimeout());
    }

    [Fact]
    public async Task LineSplitAcrossTwoWritesWithinTheDelayStaysOneLine()
    {
        using var session = CreateSession();
        var armed = _clock.WhenTimerArmed();
        var read = session.ReadLineAsync().AsTask();
        await _connection.PeerWriteAsync("Hel");
        await armed.DefaultTimeout();
        _clock.Advance(Delay / 2);

        await _connection.PeerWriteAsync("lo\n");
        Assert.Equal("Hello", await read.DefaultTimeout());

        // The timer armed for "Hel" must not cut the next line short when it would have fired.
        armed = _clock.WhenTimerArmed();
        read = session.ReadLineAsync().AsTask();
        await _connection.PeerWriteAsync("wor");
        await armed.DefaultTimeout();
        _clock.Advance(Delay / 2);
        await _connection.PeerWriteAsync("ld\n");
        Assert.Equal("world", await read.DefaultTimeout());
    }

    [Fact]
    public async Task PartialTextThatKeepsGrowingIsDeliveredOnceItStopsGrowing()
    {
        using var session = CreateSession();
        var armed = _clock.WhenTimerArmed();
        var read = session.ReadLineAsync().AsTask();
        await _connection.PeerWriteAsync("ab");
        await armed.DefaultTimeout();
        _clock.Advance(Delay - TimeSpan.FromMilliseconds(10));

        armed = _clock.WhenTimerArmed();
        await _connection.PeerWriteAsync("cd");
        await armed.DefaultTimeout();
        _clock.Advance(Delay - TimeSpan.FromMilliseconds(10));
        Assert.False(read.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("abcd", await read.DefaultTimeout());
    }

    [Fact]
    public async Task InfiniteDelayWaitsForTheNewline()
    {
        using var session = CreateSession(o => o.PartialLineDelay = Timeout.InfiniteTimeSpan);
        var read = session.ReadLineAsync().AsTask();
        await _connection.PeerWriteAsync("Hello");
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, _clock.PendingTimerCount);
        Assert.False(read.IsCompleted);
        await _connection.PeerWriteAsync("\n");
        Assert.Equal("Hello", await read.DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public async Task TooLongLineThrowsAndTheNextLineIsStillRead(string split)
    {
        using var session = CreateSession(o => o.MaxLineLength = 8);
        var input = Encoding.ASCII.GetBytes("ok\n0123456789abcdefghij\nnext\n");

        var feeding = FeedAsync(Splits.Split(input, split));
        Assert.Equal("ok", await session.ReadLineAsync().DefaultTimeout());
        var error = await Assert.ThrowsAsync<FramingException>(() => session.ReadLineAsync().AsTask()).DefaultTimeout();
        Assert.Equal(FramingError.LineTooLong, error.Error);
        Assert.Equal("next", await session.ReadLineAsync().DefaultTimeout());
        Assert.Null(await session.ReadLineAsync().DefaultTimeout());
        await feeding.DefaultTimeout();
    }

    [Fact]
    public async Task LineOfExactlyTheLimitIsAccepted()
    {
        using var session = CreateSession(o => o.MaxLineLength = 8);
        await _connection.PeerWriteAsync("12345678\r\n");

        Assert.Equal("12345678", await session.ReadLineAsync().DefaultTimeout());
    }

    [Fact]
    public async Task InvalidUtf8ThrowsAndReadingContinues()
    {
        using var session = CreateSession();
        await _connection.PeerWriteAsync(Encoding.ASCII.GetBytes("ok\n").Concat(new byte[] { 0x66, 0xFF, 0x67, (byte)'\n' }).Concat(Encoding.ASCII.GetBytes("after\n")).ToArray());
        _connection.PeerEndOfStream();

        Assert.Equal("ok", await session.ReadLineAsync().DefaultTimeout());
        var error = await Assert.ThrowsAsync<FramingException>(() => session.ReadLineAsync().AsTask()).DefaultTimeout();
        Assert.Equal(FramingError.InvalidUtf8, error.Error);
        Assert.Equal("after", await session.ReadLineAsync().DefaultTimeout());
        Assert.Null(await session.ReadLineAsync().DefaultTimeout());
    }

    [Fact]
    public async Task GracefulStopMakesAWaitingReadReturnNull()
    {
        using var stopping = new CancellationTokenSource();
        using var session = CreateSession(o => o.Stopping = stopping.Token);
        var read = session.ReadLineAsync().AsTask();

        await stopping.CancelAsync();

        Assert.Null(await read.DefaultTimeout());
        Assert.True(session.IsStopping);
    }

    [Fact]
    public async Task GracefulStopStillDeliversBufferedWholeLines()
    {
        using var stopping = new CancellationTokenSource();
        using var session = CreateSession(o => o.Stopping = stopping.Token);
        await _connection.PeerWriteAsync("a\nb\nc\n");

        await stopping.CancelAsync();

        Assert.Equal(["a", "b", "c"], await ReadAllLinesAsync(session));
    }

    [Fact]
    public async Task ResetByThePeerFailsTheRead()
    {
        using var session = CreateSession();
        var read = session.ReadLineAsync().AsTask();

        _connection.PeerReset();

        await Assert.ThrowsAsync<Errors.ConnectionResetException>(() => read).DefaultTimeout();
    }

    [Fact]
    public async Task CancelingTheTokenCancelsAWaitingRead()
    {
        using var session = CreateSession();
        using var cts = new CancellationTokenSource();
        var read = session.ReadLineAsync(cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read).DefaultTimeout();
    }

    private StreamSession CreateSession(Action<StreamSessionOptions>? configure = null)
    {
        var options = new StreamSessionOptions { PartialLineDelay = Delay, TimeProvider = _clock };
        configure?.Invoke(options);
        return new StreamSession(_connection, options);
    }

    private async Task FeedAsync(IEnumerable<byte[]> chunks)
    {
        await _connection.PeerWriteChunksAsync(chunks);
        _connection.PeerEndOfStream();
    }

    private static async Task<List<string>> ReadAllLinesAsync(StreamSession session)
    {
        var lines = new List<string>();
        while (await session.ReadLineAsync().DefaultTimeout() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
