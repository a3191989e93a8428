using System.Text;
using Netwright.Applications;
using Netwright.Framing;
using Netwright.Services;
using Netwright.Services.Greet;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Services;

/// <summary>Each service behaves the same in both styles: every test runs once per <see cref="ServiceStyle"/>.</summary>
public sealed class StreamServiceTests
{
    private const string Stamp = "[Mon Jun  4 11:20:46 2018]";

    // 11:20:46 local in a zone two hours east of UTC: the reply must show local time, as ctime() does.
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2");

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2018, 6, 4, 9, 20, 46, TimeSpan.Zero), Zone);
    private readonly InMemoryConnection _connection = new();

    public static TheoryData<ServiceStyle> Styles => new() { ServiceStyle.Handler, ServiceStyle.Event };

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task TimestampRepliesWithTheLocalCTimeAndTheText(ServiceStyle style)
    {
        var run = StartTimestamp(style);

        await _connection.PeerWriteAsync("Hello\n");

        Assert.Equal($"{Stamp} Hello", await _connection.PeerReadLineAsync().DefaultTimeout());
        _connection.PeerEndOfStream();
        Assert.Null(await run.DefaultTimeout());
        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task TimestampAnswersManyLinesInOneChunkOneReplyEachInOrder(ServiceStyle style)
    {
        var run = StartTimestamp(style);
        var lines = Enumerable.Range(1, 50).Select(i => $"line {i}").ToList();

        await _connection.PeerWriteAsync(string.Concat(lines.Select(l => l + "\r\n")));
        _connection.PeerEndOfStream();
        Assert.Null(await run.DefaultTimeout());

        var output = Encoding.UTF8.GetString(await _connection.PeerReadToEndAsync().DefaultTimeout());
        Assert.Equal(string.Concat(lines.Select(l => $"{Stamp} {l}\n")), output);
    }

    public static TheoryData<ServiceStyle, string> StylesAndSplits
    {
        get
        {
            var data = new TheoryData<ServiceStyle, string>();
            foreach (var style in new[] { ServiceStyle.Handler, ServiceStyle.Event })
            {
                foreach (var split in Splits.Names)
                {
                    data.Add(style, split);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StylesAndSplits))]
    public async Task TimestampAnswersEveryLineWhateverTheSplits(ServiceStyle style, string split)
    {
        var run = StartTimestamp(style);

        await _connection.PeerWriteChunksAsync(Splits.Split(Encoding.UTF8.GetBytes("one\r\ntwo ✓\n\nthree\n"), split));
        _connection.PeerEndOfStream();
        Assert.Null(await run.DefaultTimeout());

        var output = Encoding.UTF8.GetString(await _connection.PeerReadToEndAsync().DefaultTimeout());
        Assert.Equal($"{Stamp} one\n{Stamp} two ✓\n{Stamp} \n{Stamp} three\n", output);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task TimestampAnswersTheLastTextWhenThePeerClosesWithoutNewline(ServiceStyle style)
    {
        var run = StartTimestamp(style);

        await _connection.PeerWriteAsync("first\nlast");
        _connection.PeerEndOfStream();

        Assert.Null(await run.DefaultTimeout());
        Assert.Equal($"{Stamp} first\n{Stamp} last\n", Encoding.UTF8.GetString(await _connection.PeerReadToEndAsync().DefaultTimeout()));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task TimestampAnswersTextWithoutNewlineAfterThePartialDelay(ServiceStyle style)
    {
        var run = StartTimestamp(style);

        var armed = _clock.WhenTimerArmed();
        await _connection.PeerWriteAsync("Hello");
        await armed.DefaultTimeout();
        _clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Empty(_connection.PeerReadAvailable());

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal($"{Stamp} Hello", await _connection.PeerReadLineAsync().DefaultTimeout());

        await _connection.PeerWriteAsync("again\n");
        Assert.Equal($"{Stamp} again", await _connection.PeerReadLineAsync().DefaultTimeout());
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task TimestampAnswersATooLongLineWithAnErrorAndCloses(ServiceStyle style)
    {
        var run = StartTimestamp(style);

        await _connection.PeerWriteAsync("ok\n" + new string('x', 40) + "\nnever answered\n");

        Assert.Equal($"{Stamp} ok", await _connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Equal("error: line longer than 32 bytes", await _connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());
        var error = await run.DefaultTimeout();
        Assert.True(error is null or FramingException { Error: FramingError.LineTooLong }, $"unexpected {error}");
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task TimestampAnswersInvalidUtf8WithAnErrorAndGoesOn(ServiceStyle style)
    {
        var run = StartTimestamp(style);

        await _connection.PeerWriteAsync(new byte[] { (byte)'a', 0xC3, 0x28, (byte)'\n' });
        await _connection.PeerWriteAsync("after\n");

        Assert.Equal("error: Line is not valid UTF-8: invalid byte 0xC3 at offset 1.", await _connection.PeerReadLineAsync().DefaultTimeout());
        Assert.Equal($"{Stamp} after", await _connection.PeerReadLineAsync().DefaultTimeout());
        _connection.PeerEndOfStream();
        Assert.Null(await run.DefaultTimeout());
    }

    [Theory]
    [InlineData(ServiceStyle.Handler, 1)]
    [InlineData(ServiceStyle.Handler, 2)]
    [InlineData(ServiceStyle.Event, 1)]
    [InlineData(ServiceStyle.Event, 2)]
    public async Task EchoSendsBackEveryByteExactly(ServiceStyle style, int seed)
    {
        var random = new Random(seed);
        var data = new byte[200_000];
        random.NextBytes(data);
        var run = ServiceRun.Start(ServiceCatalog.Echo.CreateStreamApplication(style, _clock), _connection, Context());

        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length;)
            {
                var size = Math.Min(random.Next(1, 3000), data.Length - offset);
                await _connection.PeerWriteAsync(data.AsMemory(offset, size));
                offset += size;
            }

            _connection.PeerEndOfStream();
        });
        var echoed = await _connection.PeerReadToEndAsync().DefaultTimeout();
        await sending.DefaultTimeout();

        Assert.Equal(data, echoed);
        Assert.Null(await run.DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task GreetSendsTheGreetingAndCloses(ServiceStyle style)
    {
        var run = ServiceRun.Start(ServiceCatalog.Greet.CreateStreamApplication(style, _clock), _connection, Context());

        Assert.Equal("Thank you for connecting\r\n"u8.ToArray(), await _connection.PeerReadToEndAsync().DefaultTimeout());
        Assert.Equal(Greeting.Text, "Thank you for connecting\r\n");
        Assert.Null(await run.DefaultTimeout());
    }

    private Task<Exception?> StartTimestamp(ServiceStyle style) =>
        ServiceRun.Start(ServiceCatalog.Timestamp.CreateStreamApplication(style, _clock), _connection, Context());

    private Netwright.Applications.ServerContext Context() => TestServer.Context(_clock, o =>
    {
        o.MaxLineLength = 32;
        o.PartialLineDelay = TimeSpan.FromMilliseconds(50);
    });
}
