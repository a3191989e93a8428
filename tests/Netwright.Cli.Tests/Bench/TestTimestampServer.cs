using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netwright.Cli.Tests.Bench;

/// <summary>
/// A raw-socket line server on a loopback port 0 that answers every line with a fixed header and the line,
/// for checking that the generator rejects a wrong timestamp shape (and accepts a right one).
/// </summary>
internal sealed class TestTimestampServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly byte[] _header;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _connections = [];
    private readonly ConcurrentBag<Task> _tasks = [];
    private readonly Task _acceptLoop;

    private TestTimestampServer(Socket listener, string header)
    {
        _listener = listener;
        _header = Encoding.ASCII.GetBytes(header);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Gets the endpoint text for the bench command.</summary>
    public string EndpointText => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";

    /// <summary>Starts a server that answers each line with <paramref name="header"/> + the line + <c>\n</c>.</summary>
    public static TestTimestampServer Start(string header)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new TestTimestampServer(listener, header);
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
                _connections.Add(connection);
                _tasks.Add(AnswerAsync(connection));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The server is being disposed.
        }
    }

    private async Task AnswerAsync(Socket connection)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var count = await connection.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                if (count == 0)
                {
                    break;
                }

                filled += count;
                int end;
                while ((end = Array.IndexOf(buffer, (byte)'\n', 0, filled)) >= 0)
                {
                    var reply = new byte[_header.Length + end + 1];
                    _header.CopyTo(reply, 0);
                    Array.Copy(buffer, 0, reply, _header.Length, end + 1);
                    await connection.SendAsync(reply, SocketFlags.None, _stop.Token);
                    Array.Copy(buffer, end + 1, buffer, 0, filled - end - 1);
                    filled -= end + 1;
                }
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
