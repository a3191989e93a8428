using System.Text;
using Netwright.Errors;
using Netwright.Framing;
using Netwright.Streams;
using Netwright.Testing;

namespace Netwright.Tests.Streams;

public sealed class StreamSessionBytesTests
{
    private readonly InMemoryConnection _connection = new();

    [Fact]
    public async Task ReadAsyncReturnsWhatIsAvailableUpToTheBufferSize()
    {
        using var session = new StreamSession(_connection);
        await _connection.PeerWriteAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        _connection.PeerEndOfStream();

        var buffer = new byte[4];
        Assert.Equal(4, await session.ReadAsync(buffer).DefaultTimeout());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer);

        buffer = new byte[16];
        Assert.Equal(6, await session.ReadAsync(buffer).DefaultTimeout());
        Assert.Equal(new byte[] { 5, 6, 7, 8, 9, 10 }, buffer[..6]);

        Assert.Equal(0, await session.ReadAsync(buffer).DefaultTimeout());
        Assert.Equal(0, await session.ReadAsync(buffer).DefaultTimeout());
    }

    [Fact]
    public async Task ReadAsyncWaitsForBytes()
    {
        using var session = new StreamSession(_connection);
        var buffer = new byte[8];
        var read = session.ReadAsync(buffer).AsTask();
        Assert.False(read.IsCompleted);

        await _connection.PeerWriteAsync(new byte[] { 42 });

        Assert.Equal(1, await read.DefaultTimeout());
        Assert.Equal(42, buffer[0]);
    }

    [Fact]
    public async Task ReadAsyncReturnsZeroOnceAGracefulStopIsRequested()
    {
        using var stopping = new CancellationTokenSource();
        using var session = new StreamSession(_connection, new StreamSessionOptions { Stopping = stopping.Token });
        var read = session.ReadAsync(new byte[8]).AsTask();

        await stopping.CancelAsync();

        Assert.Equal(0, await read.DefaultTimeout());
        Assert.Equal(0, await session.ReadAsync(new byte[8]).DefaultTimeout());
    }

    [Fact]
    public async Task ReadAsyncStillReturnsBufferedBytesAfterAStopThenZero()
    {
        using var stopping = new CancellationTokenSource();
        using var session = new StreamSession(_connection, new StreamSessionOptions { Stopping = stopping.Token });
        await _connection.PeerWriteAsync(new byte[] { 1, 2, 3, 4, 5, 6 });

        await stopping.CancelAsync();

        var buffer = new byte[4];
        Assert.Equal(4, await session.ReadAsync(buffer).DefaultTimeout());
        Assert.Equal(2, await session.ReadAsync(buffer).DefaultTimeout());
        Assert.Equal(0, await session.ReadAsync(buffer).DefaultTimeout());
    }

    [Fact]
    public async Task LinesAndBytesCanBeMixedBetweenMessages()
    {
        using var session = new StreamSession(_connection);
        await _connection.PeerWriteAsync("header\nBODY");
        _connection.PeerEndOfStream();

        Assert.Equal("header", await session.ReadLineAsync().DefaultTimeout());
        var buffer = new byte[16];
        var count = await session.ReadAsync(buffer).DefaultTimeout();
        Assert.Equal("BODY", Encoding.ASCII.GetString(buffer, 0, count));
    }

    [Fact]
    public async Task WriteLineAsyncSendsUtf8TextAndAnLfByDefault()
    {
        using var session = new StreamSession(_connection);

        await session.WriteLineAsync("héllo").DefaultTimeout();
        await session.WriteLineAsync(string.Empty).DefaultTimeout();

        Assert.Equal(Encoding.UTF8.GetBytes("héllo\n\n"), _connection.PeerReadAvailable());
        Assert.Equal(8, _connection.BytesSent);
    }

    [Fact]
    public async Task WriteLineAsyncUsesTheConfiguredLineEnding()
    {
        using var session = new StreamSession(_connection, new StreamSessionOptions { LineEnding = LineEnding.CrLf });

        await session.WriteLineAsync("one").DefaultTimeout();

        Assert.Equal("one\r\n"u8.ToArray(), await _connection.PeerReadAsync(5).DefaultTimeout());
    }

    [Fact]
    public async Task WriteLineAsyncRefusesTextWithALineBreak()
    {
        using var session = new StreamSession(_connection);

        await Assert.ThrowsAsync<ArgumentException>(() => session.WriteLineAsync("two\nlines").AsTask()).DefaultTimeout();
        Assert.Empty(_connection.PeerReadAvailable());
    }

    [Fact]
    public async Task WriteAsyncAndWriteTextAsyncSendExactlyTheGivenBytes()
    {
        using var session = new StreamSession(_connection);
        var binary = new byte[] { 0, 255, 13, 10, 128 };

        await session.WriteAsync(binary).DefaultTimeout();
        await session.WriteTextAsync("ok").DefaultTimeout();

        Assert.Equal(binary.Concat("ok"u8.ToArray()), _connection.PeerReadAvailable());
    }

    [Fact]
    public async Task WriteAfterThePeerStoppedReadingThrowsConnectionResetException()
    {
        using var session = new StreamSession(_connection);
        _connection.PeerStopReading();

        await Assert.ThrowsAsync<ConnectionResetException>(() => session.WriteAsync(new byte[] { 1 }).AsTask()).DefaultTimeout();
        await Assert.ThrowsAsync<ConnectionResetException>(() => session.WriteLineAsync("x").AsTask()).DefaultTimeout();
        await Assert.ThrowsAsync<ConnectionResetException>(() => session.WriteTextAsync("x").AsTask()).DefaultTimeout();
    }

    [Fact]
    public async Task WriteAfterThePeerResetThrowsConnectionResetException()
    {
        using var session = new StreamSession(_connection);
        _connection.PeerReset();

        await Assert.ThrowsAsync<ConnectionResetException>(() => session.WriteLineAsync("x").AsTask()).DefaultTimeout();
    }

    [Fact]
    public void SessionExposesTheConnectionsEndpoints()
    {
        using var session = new StreamSession(_connection);

        Assert.Same(_connection, session.Connection);
        Assert.Equal(_connection.LocalEndPoint, session.LocalEndPoint);
        Assert.Equal(_connection.RemoteEndPoint, session.RemoteEndPoint);
        Assert.False(session.IsStopping);
    }
}
