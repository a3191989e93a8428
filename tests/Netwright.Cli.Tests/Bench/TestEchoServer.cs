using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Netwright.Cli.Tests.Bench;

/// <summary>How <see cref="TestEchoServer"/> misbehaves, for the failure tests.</summary>
internal sealed record EchoBehavior
{
    /// <summary>Flip the byte at this stream offset of every connection (null: echo faithfully).</summary>
    public long? CorruptOffset { get; init; }

    /// <summary>Read but never echo.</summary>
    public bool NeverEcho { get; init; }

    /// <summary>Close every connection with an odd accept number right after accepting it.</summary>
    public bool CloseOddConnections { get; init; }
}

/// <summary>A minimal raw-socket async stream echo server on a loopback port 0 or a Unix path.</summary>
internal sealed class TestEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly EchoBehavior _behavior;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _connections = [];
    private readonly ConcurrentBag<Task> _tasks = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    private TestEchoServer(Socket listener, EchoBehavior behavior)
    {
        _listener = listener;
        _behavior = behavior;
        _acceptLoop = AcceptLoopAsync();
    }

    public EndPoint EndPoint => _listener.LocalEndPoint!;

    /// <summary>Gets the endpoint text for the bench command.</summary>
    public string EndpointText => EndPoint is IPEndPoint ip ? $"tcp://127.0.0.1:{ip.Port}" : $"unix://{EndPoint}";

    public int Accepted => Volatile.Read(ref _accepted);

    public static TestEchoServer StartTcp(EchoBehavior? behavior = null)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        return new TestEchoServer(listener, behavior ?? new EchoBehavior());
    }

    public static TestEchoServer StartUnix(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(512);
        return new TestEchoServer(listener, new EchoBehavior());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                var number = Interlocked.Increment(ref _accepted);
                if (_behavior.CloseOddConnections && number % 2 == 1)
                {
                    connection.Dispose();
                    continue;
                }

                _connections.Add(connection);
                _tasks.Add(EchoAsync(connection));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The server is being disposed.
        }
    }

    private async Task EchoAsync(Socket connection)
    {
        var buffer = new byte[16 * 1024];
        long offset = 0;
        try
        {
            while (true)
            {
                var count = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (count == 0)
                {
                    break;
                }

                if (_behavior.NeverEcho)
                {
                    continue;
                }

                if (_behavior.CorruptOffset is { } corrupt && corrupt >= offset && corrupt < offset + count)
                {
                    buffer[corrupt - offset] ^= 0x20;
                }

                offset += count;
                await connection.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away or the server is being disposed.
        }
        finally
        {
            connection.Dispose();
        }
    }
}
