using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using Netwright.Services.Files;
using Netwright.Services.Files.Internal;
using Netwright.Testing;

namespace Netwright.Tests.Services.Files;

/// <summary>The non-waiting read the server uses to decide when to flush held-back replies.</summary>
public sealed class FrameChannelTests
{
    private readonly Pipe _input = new();
    private readonly Pipe _output = new();

    [Fact]
    public async Task OnlyMessagesThatHaveFullyArrivedAreTakenWithoutWaiting()
    {
        using var channel = new FrameChannel(_input.Reader, _output.Writer, TestTimeouts.Default, CancellationToken.None);
        Assert.False(channel.TryReadBufferedMessage(out _));

        var first = Frame("""{"op":"put","id":1}""");
        var second = Frame("""{"op":"put","id":2}""");
        await _input.Writer.WriteAsync(first.Concat(second.Take(5)).ToArray());

        Assert.True(channel.TryReadBufferedMessage(out var one));
        Assert.Equal(1L, one.Id);
        Assert.False(channel.TryReadBufferedMessage(out _));

        // The rest arrives: the waiting read completes the message the non-waiting one left alone.
        await _input.Writer.WriteAsync(second.AsMemory(5));
        var two = await channel.ReadMessageAsync().DefaultTimeout();
        Assert.Equal(2L, two?.Id);
    }

    [Fact]
    public async Task AMalformedFrameThatHasArrivedIsAProtocolError()
    {
        using var channel = new FrameChannel(_input.Reader, _output.Writer, TestTimeouts.Default, CancellationToken.None);
        await _input.Writer.WriteAsync(Frame("not json"));

        var error = Assert.Throws<FileTransferException>(() => channel.TryReadBufferedMessage(out _));

        Assert.Equal(FileErrorCode.Protocol, error.Code);
    }

    private static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }
}
