using System.Net;
using System.Net.Sockets;

namespace Netwright.LoadGen.Tests;

/// <summary>A minimal UDP echo server on a loopback port 0 that can drop, delay or corrupt datagrams.</summary>
internal sealed class TestUdpEchoServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _dropOddSequences;
    private readonly TimeSpan _delayEveryThird;
    private readonly int _corruptIndex;
    private readonly Task _loop;
    private int _received;

    private readonly Socket _socket;
    private readonly EndPoint _anySender;

    private TestUdpEchoServer(Socket socket, EndPoint local, EndPoint anySender, bool dropOddSequences, TimeSpan delayEveryThird, int corruptIndex)
    {
        _corruptIndex = corruptIndex;
        _socket = socket;
        _anySender = anySender;
        _dropOddSequences = dropOddSequences;
        _delayEveryThird = delayEveryThird;
        _socket.Bind(local);
        _loop = LoopAsync();
    }

    public string EndpointText => _socket.LocalEndPoint is IPEndPoint ip ? $"udp://127.0.0.1:{ip.Port}" : $"unixgram://{_socket.LocalEndPoint}";

    public int Received => Volatile.Read(ref _received);

    /// <summary>
    /// Starts the server. <paramref name="dropOddSequences"/> drops bench datagrams with an odd sequence number,
    /// <paramref name="delayEveryThird"/> delays every third reply, and <paramref name="corruptIndex"/> (if not -1)
    /// flips that byte of every reply.
    /// </summary>
    public static TestUdpEchoServer Start(bool dropOddSequences = false, TimeSpan delayEveryThird = default, int corruptIndex = -1) =>
        new(
            new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp),
            new IPEndPoint(IPAddress.Loopback, 0),
            new IPEndPoint(IPAddress.Any, 0),
            dropOddSequences,
            delayEveryThird,
            corruptIndex);

    public static TestUdpEchoServer StartUnix(string path) =>
        new(
            new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified),
            new UnixDomainSocketEndPoint(path),
            new UnixDomainSocketEndPoint(path + ".any"),
            dropOddSequences: false,
            delayEveryThird: default,
            corruptIndex: -1);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _socket.Dispose();
        await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[65536];
        var any = _anySender;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                var number = Interlocked.Increment(ref _received);
                // The bench's datagrams start with a little-endian sequence number: dropping the odd ones
                // loses every other datagram of each socket, whatever order the sockets send in.
                if (_dropOddSequences && result.ReceivedBytes >= 8 && (buffer[0] & 1) == 1)
                {
                    continue;
                }

                var reply = buffer.AsMemory(0, result.ReceivedBytes).ToArray();
                if (_corruptIndex >= 0 && _corruptIndex < reply.Length)
                {
                    reply[_corruptIndex] ^= 0x20;
                }

                if (_delayEveryThird > TimeSpan.Zero && number % 3 == 0)
                {
                    _ = SendLaterAsync(reply, result.RemoteEndPoint);
                    continue;
                }

                await _socket.SendToAsync(reply, SocketFlags.None, result.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The server is being disposed.
        }
    }

    private async Task SendLaterAsync(byte[] reply, EndPoint peer)
    {
        try
        {
            await Task.Delay(_delayEveryThird, _stop.Token);
            await _socket.SendToAsync(reply, SocketFlags.None, peer, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The server is being disposed.
        }
    }
}
