using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Netwright.Errors;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.Tests.Testing;

public sealed class InMemoryConnectionPairTests : IAsyncLifetime
{
    private readonly InMemoryConnectionPair _pair = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pair.DisposeAsync().DefaultTimeout();

    [Fact]
    public async Task BytesWrittenAtOneEndAreReadAtTheOtherInBothDirectionsAndAreCounted()
    {
        await _pair.Client.Transport.Output.WriteAsync("ping\n"u8.ToArray()).DefaultTimeout();
        Assert.Equal("ping\n", await ReadAsync(_pair.Server, 5));

        await _pair.Server.Transport.Output.WriteAsync("pong!\n"u8.ToArray()).DefaultTimeout();
        Assert.Equal("pong!\n", await ReadAsync(_pair.Client, 6));

        Assert.Equal(5, _pair.Client.BytesSent);
        Assert.Equal(5, _pair.Server.BytesReceived);
        Assert.Equal(6, _pair.Server.BytesSent);
        Assert.Equal(6, _pair.Client.BytesReceived);
        Assert.Equal(_pair.Server.LocalEndPoint, _pair.Client.RemoteEndPoint);
        Assert.Equal(_pair.Client.LocalEndPoint, _pair.Server.RemoteEndPoint);
    }

    [Fact]
    public async Task CompletingAnEndsOutputIsAHalfCloseAndTheOtherEndCanStillReply()
    {
        await _pair.Client.Transport.Output.WriteAsync("last words"u8.ToArray()).DefaultTimeout();
        await _pair.Client.Transport.Output.CompleteAsync();

        Assert.Equal("last words", await ReadToEndAsync(_pair.Server));
        await _pair.Server.Transport.Output.WriteAsync("reply"u8.ToArray()).DefaultTimeout();
        await _pair.Server.Transport.Output.CompleteAsync();

        Assert.Equal("reply", await ReadToEndAsync(_pair.Client));
        await _pair.Completion.DefaultTimeout();
        Assert.False(_pair.Server.ConnectionClosed.IsCancellationRequested);
    }

    [Fact]
    public async Task AbortAtOneEndIsAResetAtTheOther()
    {
        var reason = new ConnectionAbortedException("client gave up");
        var serverRead = _pair.Server.Transport.Input.ReadAsync().AsTask();

        _pair.Client.Abort(reason);

        await Assert.ThrowsAsync<ConnectionResetException>(() => serverRead).DefaultTimeout();
        await FiredAsync(_pair.Server.ConnectionClosed);
        Assert.True(_pair.Client.ConnectionClosed.IsCancellationRequested);
        Assert.Same(reason, await Assert.ThrowsAsync<ConnectionAbortedException>(() => _pair.Client.Transport.Input.ReadAsync().AsTask()));
        await _pair.Completion.DefaultTimeout();
    }

    [Fact]
    public async Task WritingToAnEndThatHasClosedResetsTheWriter()
    {
        await _pair.Server.DisposeAsync();
        Assert.Equal("", await ReadToEndAsync(_pair.Client));

        await _pair.Client.Transport.Output.WriteAsync("anyone there?"u8.ToArray()).DefaultTimeout();

        await FiredAsync(_pair.Client.ConnectionClosed);
        await Assert.ThrowsAsync<ConnectionResetException>(async () =>
        {
            while (true)
            {
                var flush = await _pair.Client.Transport.Output.WriteAsync("more"u8.ToArray()).DefaultTimeout();
                Assert.False(flush.IsCompleted);
            }
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(11)]
    public async Task EveryByteArrivesInOrderHoweverThePairSplitsTheWrites(int seed)
    {
        var random = new Random(seed);
        await using var pair = new InMemoryConnectionPair(bytes => seed == 0 ? ByteSplits.OneByteAtATime(bytes) : ByteSplits.Random(bytes, random));
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i}\n"));

        var reading = ReadToEndAsync(pair.Server);
        foreach (var chunk in ByteSplits.Random(Encoding.UTF8.GetBytes(text), new Random(seed + 1), maxPiece: 100))
        {
            await pair.Client.Transport.Output.WriteAsync(chunk).DefaultTimeout();
        }

        await pair.Client.Transport.Output.CompleteAsync();
        Assert.Equal(text, await reading);
    }

    [Fact]
    public async Task DisposingThePairClosesBothEndsAndStopsThePumps()
    {
        await _pair.Client.Transport.Output.WriteAsync("unread"u8.ToArray()).DefaultTimeout();

        await _pair.DisposeAsync().DefaultTimeout();

        Assert.True(_pair.Completion.IsCompletedSuccessfully);
        Assert.True(_pair.Client.ConnectionClosed.IsCancellationRequested);
        Assert.True(_pair.Server.ConnectionClosed.IsCancellationRequested);
    }

    private static async Task<string> ReadAsync(Connection connection, int count)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync().DefaultTimeout();
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                var text = Encoding.UTF8.GetString(result.Buffer.Slice(0, Math.Min(count, result.Buffer.Length)));
                input.AdvanceTo(result.Buffer.GetPosition(Math.Min(count, result.Buffer.Length)));
                return text;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async Task<string> ReadToEndAsync(Connection connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync().DefaultTimeout();
            if (result.IsCompleted)
            {
                var text = Encoding.UTF8.GetString(result.Buffer);
                input.AdvanceTo(result.Buffer.End);
                return text;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static Task FiredAsync(CancellationToken token)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => fired.TrySetResult());
        return fired.Task.DefaultTimeout();
    }
}
