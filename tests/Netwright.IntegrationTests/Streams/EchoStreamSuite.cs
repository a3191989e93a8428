using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Services;

namespace Netwright.IntegrationTests.Streams;

/// <summary>The echo service over a stream transport, in both styles.</summary>
public abstract class EchoStreamSuite(StreamTransport transport) : StreamSuite(transport)
{
    private static readonly ServiceDefinition Service = ServiceCatalog.Echo;

    [Theory]
    [InlineData(ServiceStyle.Handler, 1)]
    [InlineData(ServiceStyle.Event, 1)]
    [InlineData(ServiceStyle.Handler, 100_003)]
    [InlineData(ServiceStyle.Event, 100_003)]
    [InlineData(ServiceStyle.Handler, 3 * 1024 * 1024)]
    [InlineData(ServiceStyle.Event, 3 * 1024 * 1024)]
    public async Task RandomBinaryPayloadIsEchoedByteExact(ServiceStyle style, int size)
    {
        var server = await CreateServerAsync(Service, style);
        await using var client = await ConnectAsync(server);
        var payload = RandomPayload(size, seed: size);

        var echoed = await RoundTripAsync(client, payload);

        AssertSameBytes(payload, echoed);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task ConcurrentClientsEachGetTheirOwnBytesBack(ServiceStyle style)
    {
        var server = await CreateServerAsync(Service, style);

        async Task RunClientAsync(int id)
        {
            await using var client = await ConnectAsync(server);
            var payload = RandomPayload(256 * 1024 + id, seed: id);
            AssertSameBytes(payload, await RoundTripAsync(client, payload));
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(id => Task.Run(() => RunClientAsync(id)))).WaitAsync(Timeouts.Test);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task ClientThatNeverReadsIsHeldBackWhileOthersAreServed(ServiceStyle style)
    {
        // Everything between the stuck client's send buffer and its receive buffer is bounded (socket
        // buffers plus the server's 1 MiB pipe limits); a server that buffered without limit would keep
        // reading and this cap would be crossed.
        const long Cap = 64L * 1024 * 1024;
        var server = await CreateServerAsync(Service, style);
        await using var stuck = await ConnectAsync(server);
        stuck.Socket.ReceiveBufferSize = 64 * 1024;
        stuck.Socket.SendBufferSize = 64 * 1024;

        var sent = await SendUntilHeldBackAsync(stuck.Socket, Cap);

        Assert.True(sent < Cap, $"the server took {sent} bytes from a client that reads none of its echoes");
        await using var other = await ConnectAsync(server);
        var payload = RandomPayload(200_000, seed: 7);
        AssertSameBytes(payload, await RoundTripAsync(other, payload));
    }

    private static byte[] RandomPayload(int size, int seed)
    {
        var payload = new byte[size];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "the echoed bytes differ from those sent");
    }

    /// <summary>Writes the payload and half-closes while reading the echo on another task, so neither side can deadlock.</summary>
    private async Task<byte[]> RoundTripAsync(LineClient client, byte[] payload)
    {
        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < payload.Length; offset += 64 * 1024)
            {
                await client.SendAsync(payload.AsMemory(offset, Math.Min(64 * 1024, payload.Length - offset)));
            }

            client.ShutdownSend();
        });

        var received = new MemoryStream();
        await client.Stream.CopyToAsync(received, Token).WaitAsync(Timeouts.Test);
        await writing.WithTimeout();
        return received.ToArray();
    }

    /// <summary>
    /// Sends without blocking until the kernel refuses more for half a second (the server stopped reading),
    /// or until <paramref name="cap"/> bytes went out. Half a second of no progress can be a slow machine
    /// rather than back-pressure; the caller only checks the cap, which a slow machine cannot cross.
    /// </summary>
    private static async Task<long> SendUntilHeldBackAsync(Socket socket, long cap)
    {
        var chunk = new byte[64 * 1024];
        long sent = 0;
        using var stall = new CancellationTokenSource();
        while (sent < cap)
        {
            stall.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                sent += await socket.SendAsync(chunk, SocketFlags.None, stall.Token);
            }
            catch (OperationCanceledException)
            {
                return sent;
            }

            if (!stall.TryReset())
            {
                return sent;
            }
        }

        return sent;
    }
}
