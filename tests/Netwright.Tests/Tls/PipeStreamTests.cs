using System.Buffers;
using System.IO.Pipelines;
using Netwright.Errors;
using Netwright.Testing;
using Netwright.Tls.Internal;

namespace Netwright.Tests.Tls;

/// <summary>
/// The stream SslStream reads the socket's pipe through: bytes already waiting are taken at once, a zero-byte read only
/// waits and leaves them for the next read, and the end of the input and a closed output are reported as a stream would.
/// </summary>
public sealed class PipeStreamTests
{
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Pipe _output = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly PipeStream _stream;

    public PipeStreamTests() => _stream = new PipeStream(new Pipe2(_input.Reader, _output.Writer));

    [Fact]
    public async Task AZeroByteReadWithBytesWaitingCompletesAtOnceAndLeavesThemForTheNextRead()
    {
        byte[] header = [0x17, 0x03, 0x03];
        await _input.Writer.WriteAsync(header);

        var wait = _stream.ReadAsync(Memory<byte>.Empty);
        var buffer = new byte[16];
        var read = _stream.ReadAsync(buffer);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.Equal(0, await wait);
        Assert.True(read.IsCompletedSuccessfully, "bytes were waiting, yet the read did not complete at once");
        Assert.Equal(3, await read);
        Assert.Equal(header, buffer[..3]);
        Assert.Equal(header, _stream.FirstBytes);
    }

    [Fact]
    public async Task AReadTakesNoMoreThanItsBufferAndLeavesTheRestWaiting()
    {
        await _input.Writer.WriteAsync(new byte[] { 1, 2, 3, 4, 5 });
        var buffer = new byte[2];

        Assert.Equal(2, await _stream.ReadAsync(buffer));
        Assert.Equal(2, await _stream.ReadAsync(buffer));
        Assert.Equal(new byte[] { 3, 4 }, buffer);
        Assert.Equal(1, await _stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task AReadWithNothingWaitingCompletesWhenBytesArrive()
    {
        var buffer = new byte[8];
        var read = _stream.ReadAsync(buffer);
        Assert.False(read.IsCompleted);

        await _input.Writer.WriteAsync(new byte[] { 9 });

        Assert.Equal(1, await read.DefaultTimeout());
    }

    [Fact]
    public async Task TheEndOfTheInputReadsAsZeroAndIsRemembered()
    {
        await _input.Writer.CompleteAsync();

        Assert.Equal(0, await _stream.ReadAsync(new byte[8]).DefaultTimeout());
        Assert.True(_stream.SawEndOfStream);
    }

    [Fact]
    public async Task AWriteTheOutputTakesAtOnceCompletesAtOnce()
    {
        var write = _stream.WriteAsync(new byte[] { 7, 8 });

        Assert.True(write.IsCompletedSuccessfully);
        await write;
        var result = await _output.Reader.ReadAsync().DefaultTimeout();
        Assert.Equal(new byte[] { 7, 8 }, result.Buffer.ToArray());
    }

    [Fact]
    public async Task AWriteToAConnectionWhoseSendSideEndedFailsWithAReset()
    {
        await _output.Reader.CompleteAsync();

        await Assert.ThrowsAsync<ConnectionResetException>(async () => await _stream.WriteAsync(new byte[] { 1 }));
    }

    private sealed class Pipe2(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
