using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Netwright.LoadGen.Tests;

/// <summary>
/// A minimal raw-socket stream server for the generator's tests (not Netwright code, so the generator is
/// checked against something independent): accepts until disposed and serves each connection on its own task.
/// </summary>
internal abstract class TestStreamServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _connections = [];
    private readonly ConcurrentBag<Task> _tasks = [];
    private Task _acceptLoop = Task.CompletedTask;
    private int _accepted;

    protected TestStreamServer(Socket listener) => _listener = listener;

    public EndPoint EndPoint => _listener.LocalEndPoint!;

    /// <summary>Gets the endpoint text for the bench command.</summary>
    public string EndpointText => EndPoint is IPEndPoint ip ? $"tcp://127.0.0.1:{ip.Port}" : $"unix://{EndPoint}";

    public int Accepted => Volatile.Read(ref _accepted);

    protected CancellationToken Stopping => _stop.Token;

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

    protected static Socket ListenTcp(int backlog)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>Starts accepting; called by the subclass's factory once it is fully built.</summary>
    protected void Start() => _acceptLoop = AcceptLoopAsync();

    /// <summary>Whether to serve the <paramref name="number"/>th accepted connection (false closes it at once).</summary>
    protected virtual bool Keep(int number) => true;

    /// <summary>Serves one connection until the client leaves; exceptions from a closing socket are expected.</summary>
    protected abstract Task ServeAsync(Socket connection);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                if (!Keep(Interlocked.Increment(ref _accepted)))
                {
                    connection.Dispose();
                    continue;
                }

                _connections.Add(connection);
                _tasks.Add(RunAsync(connection));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The server is being disposed.
        }
    }

    private async Task RunAsync(Socket connection)
    {
        try
        {
            await ServeAsync(connection);
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
