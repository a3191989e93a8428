using System.Net;
using System.Net.Sockets;

namespace Netwright.Cli.Tests.Bench;

/// <summary>A minimal UDP echo server on a loopback port 0 that can drop or delay datagrams.</summary>
internal sealed class TestUdpEchoServer : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _dropEveryOther;
    private readonly TimeSpan _delayEveryThird;
    private readonly Task _loop;
    private int _received;

    private TestUdpEchoServer(bool dropEveryOther, TimeSpan delayEveryThird)
    {
        _dropEveryOther = dropEveryOther;
        _delayEveryThird = delayEveryThird;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = LoopAsync();
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public string EndpointText => $"udp://127.0.0.1:{Port}";

    public int Received => Volatile.Read(ref _received);

    public static TestUdpEchoServer Start(bool dropEveryOther = false, TimeSpan delayEveryThird = default) =>
        new(dropEveryOther, delayEveryThird);

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
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                var number = Interlocked.Increment(ref _received);
                if (_dropEveryOther && number % 2 == 0)
                {
                    continue;
                }

                var reply = buffer.AsMemory(0, result.ReceivedBytes).ToArray();
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
