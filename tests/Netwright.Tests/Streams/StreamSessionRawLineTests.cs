using System.Buffers;
using System.Text;
using Netwright.Streams;
using Netwright.Testing;

namespace Netwright.Tests.Streams;

public sealed class StreamSessionRawLineTests
{
    private readonly InMemoryConnection _connection = new();

    [Fact]
    public async Task RawLinesComeBackAsBytesWithoutTheirEndings()
    {
        using var session = new StreamSession(_connection);
        await _connection.PeerWriteAsync("one\r\ntwo\nthree");
        _connection.PeerEndOfStream();

        Assert.Equal("one", await ReadRawAsync(session));
        Assert.Equal("two", await ReadRawAsync(session));
        Assert.Equal("three", await ReadRawAsync(session));
        Assert.Null(await session.ReadLineBytesAsync().DefaultTimeout());
    }

    [Fact]
    public async Task RawLinesAreNotDecodedSoInvalidUtf8PassesThrough()
    {
        using var session = new StreamSession(_connection);
        await _connection.PeerWriteAsync(new byte[] { 0xC3, 0x28, (byte)'\n', (byte)'o', (byte)'k', (byte)'\n' });

        var raw = await session.ReadLineBytesAsync().DefaultTimeout();
        Assert.Equal(new byte[] { 0xC3, 0x28 }, raw!.Value.ToArray());
        Assert.Equal("ok", await session.ReadLineAsync().DefaultTimeout());
    }

    [Fact]
    public async Task ByteReadsAfterARawLineStartAfterThatLine()
    {
        using var session = new StreamSession(_connection);
        await _connection.PeerWriteAsync("head\nbody");

        Assert.Equal("head", await ReadRawAsync(session));
        var buffer = new byte[16];
        var count = await session.ReadAsync(buffer).DefaultTimeout();
        Assert.Equal("body", Encoding.ASCII.GetString(buffer, 0, count));
    }

    [Fact]
    public async Task FlushSendsWhatWasWrittenIntoTheOutput()
    {
        using var session = new StreamSession(_connection);
        session.Output.Write("raw reply\n"u8);
        await session.FlushAsync().DefaultTimeout();

        Assert.Equal("raw reply", await _connection.PeerReadLineAsync().DefaultTimeout());
    }

    private static async Task<string?> ReadRawAsync(StreamSession session) =>
        await session.ReadLineBytesAsync().DefaultTimeout() is { } line ? Encoding.UTF8.GetString(line.ToArray()) : null;
}
