using System.Buffers;
using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Transport;
using Netwright.Transport.Epoll;

namespace Netwright.IntegrationTests.Transport;

/// <summary>
/// The epoll engine's own paths that the service suites reach only by chance: read back-pressure, sends
/// that fill the socket buffer from a thread other than the reactor, and cross-thread abort.
/// </summary>
public sealed class EpollConnectionTests : IAsyncLifetime
{
    private readonly EpollTcpStreamTransport _transport = new();
    private StreamListener _listener = null!;

    public async Task InitializeAsync()
    {
        var options = new SocketTransportOptions { Engine = TransportEngine.Epoll, MaxReadBufferSize = 64 * 1024, MaxWriteBufferSize = 64 * 1024 };
        _listener = await StreamListener.BindAsync(_transport.CreateEndpoint(), options).WithTimeout();
    }

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        _transport.Dispose();
    }

    [Fact]
    public async Task AcceptedConnectionsRunOnTheEpollEngineWithBothEndpoints()
    {
        using var client = await _transport.ConnectAsync(_listener.EndPoint, CancellationToken.None);
        await using var connection = (await _listener.AcceptAsync().WithTimeout())!;

        Assert.IsType<EpollConnection>(connection);
        Assert.Equal(client.LocalEndPoint, connection.RemoteEndPoint);
        Assert.Equal(client.RemoteEndPoint, connection.LocalEndPoint);
        client.Shutdown(SocketShutdown.Send);
    }

    [Fact]
    public async Task ReceivingPausesAtTheReadLimitAndResumesWithEveryByteInOrder()
    {
        var payload = Pattern(1024 * 1024);
        using var client = await _transport.ConnectAsync(_listener.EndPoint, CancellationToken.None);
        await using var connection = (await _listener.AcceptAsync().WithTimeout())!;

        // 1 MiB against a 64 KiB read limit: the engine must stop reading and resume as the application catches up.
        var sending = client.SendAsync(payload, SocketFlags.None);
        var received = new byte[payload.Length];
        var total = 0;
        while (total < payload.Length)
        {
            var result = await connection.Transport.Input.ReadAsync().WithTimeout();
            foreach (var segment in result.Buffer)
            {
                segment.Span.CopyTo(received.AsSpan(total));
                total += segment.Length;
            }

            connection.Transport.Input.AdvanceTo(result.Buffer.End);
        }

        await sending.WithTimeout();
        Assert.Equal(payload, received);
        Assert.Equal(payload.Length, connection.BytesReceived);
    }

    [Fact]
    public async Task WritesFromAnotherThreadWaitForTheSocketAndArriveWhole()
    {
        var payload = Pattern(4 * 1024 * 1024);
        using var client = await _transport.ConnectAsync(_listener.EndPoint, CancellationToken.None);
        var connection = (await _listener.AcceptAsync().WithTimeout())!;

        // Written off the reactor thread in pieces larger than the socket buffer, so sends hit EAGAIN and wait.
        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < payload.Length; offset += 256 * 1024)
            {
                await connection.Transport.Output.WriteAsync(payload.AsMemory(offset, 256 * 1024));
            }

            await connection.DisposeAsync();
        });
        var received = await ReadToEndAsync(client);
        client.Shutdown(SocketShutdown.Send);

        await writing.WithTimeout();
        Assert.Equal(payload, received);
        Assert.Equal(payload.Length, connection.BytesSent);
    }

    [Fact]
    public async Task AbortFromAnotherThreadClosesTheSocketAndFailsTheInput()
    {
        using var client = await _transport.ConnectAsync(_listener.EndPoint, CancellationToken.None);
        await using var connection = (await _listener.AcceptAsync().WithTimeout())!;
        var reading = connection.Transport.Input.ReadAsync().AsTask();

        await Task.Run(() => connection.Abort(new InvalidOperationException("stop")));

        Assert.True(connection.ConnectionClosed.IsCancellationRequested);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reading.WithTimeout());
        Assert.Empty(await ReadToEndAsync(client));
    }

    [Fact]
    public async Task ConcurrentAcceptsEachGetAConnection()
    {
        var first = _listener.AcceptAsync().AsTask();
        var second = _listener.AcceptAsync().AsTask();
        using var one = await _transport.ConnectAsync(_listener.EndPoint, CancellationToken.None);
        using var two = await _transport.ConnectAsync(_listener.EndPoint, CancellationToken.None);

        await using var a = (await first.WithTimeout())!;
        await using var b = (await second.WithTimeout())!;

        Assert.NotEqual(a.Id, b.Id);
        one.Shutdown(SocketShutdown.Send);
        two.Shutdown(SocketShutdown.Send);
    }

    [Fact]
    public async Task UnbindingEndsAPendingAcceptWithNull()
    {
        var accepting = _listener.AcceptAsync().AsTask();

        await _listener.UnbindAsync();

        Assert.Null(await accepting.WithTimeout());
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7 + (i >> 12));
        }

        return bytes;
    }

    private static async Task<byte[]> ReadToEndAsync(Socket client)
    {
        var output = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await client.ReceiveAsync(output.GetMemory(64 * 1024), SocketFlags.None).AsTask().WithTimeout();
            if (read == 0)
            {
                return output.WrittenSpan.ToArray();
            }

            output.Advance(read);
        }
    }
}
