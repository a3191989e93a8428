using System.Buffers;
using Netwright.Errors;
using Netwright.Testing;

namespace Netwright.Tests.Testing;

public sealed class InMemoryConnectionTests
{
    private readonly InMemoryConnection _connection = new();

    [Fact]
    public async Task BytesCrossFromPeerToApplicationAndBackAndAreCounted()
    {
        await _connection.PeerWriteAsync("ping");
        var read = await _connection.Transport.Input.ReadAsync().DefaultTimeout();
        Assert.Equal("ping"u8.ToArray(), read.Buffer.ToArray());
        _connection.Transport.Input.AdvanceTo(read.Buffer.End);

        await _connection.Transport.Output.WriteAsync("pong\n"u8.ToArray()).DefaultTimeout();
        Assert.Equal("pong", await _connection.PeerReadLineAsync().DefaultTimeout());

        Assert.Equal(4, _connection.BytesReceived);
        Assert.Equal(5, _connection.BytesSent);
    }

    [Fact]
    public async Task DisposeEndsTheOutputAndFiresConnectionClosed()
    {
        await _connection.Transport.Output.WriteAsync("last"u8.ToArray()).DefaultTimeout();

        await _connection.DisposeAsync();

        Assert.Equal("last"u8.ToArray(), await _connection.PeerReadToEndAsync().DefaultTimeout());
        Assert.True(_connection.ConnectionClosed.IsCancellationRequested);
        Assert.False(_connection.IsAborted);
    }

    [Fact]
    public async Task AbortFailsPendingApplicationReadsWithTheReason()
    {
        var read = _connection.Transport.Input.ReadAsync().AsTask();
        var reason = new ConnectionAbortedException("test");

        _connection.Abort(reason);
        _connection.Abort(new InvalidOperationException("ignored"));

        Assert.Same(reason, await Assert.ThrowsAsync<ConnectionAbortedException>(() => read).DefaultTimeout());
        Assert.Same(reason, _connection.AbortReason);
        Assert.True(_connection.ConnectionClosed.IsCancellationRequested);
        Assert.False(await _connection.PeerWriteAsync("late"));
    }

    [Fact]
    public async Task AbortEndsAPendingPeerRead()
    {
        var read = _connection.PeerReadToEndAsync();

        _connection.Abort();

        Assert.Empty(await read.DefaultTimeout());
    }

    [Fact]
    public async Task PeerEndOfStreamCompletesTheApplicationsInput()
    {
        await _connection.PeerWriteAsync("x");
        _connection.PeerEndOfStream();

        var read = await _connection.Transport.Input.ReadAsync().DefaultTimeout();

        Assert.True(read.IsCompleted);
        Assert.Equal(1, read.Buffer.Length);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _connection.PeerWriteAsync("more"));
    }
}
