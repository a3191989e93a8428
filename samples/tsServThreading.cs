#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsServThreading.cs: seed 003's socketserver.ThreadingTCPServer example (socketserver.py) on
// 127.0.0.1:8009. Many clients are served at once, each by the handler below; Netwright needs no thread per
// client. The reply is "ctime text", without brackets, as in the seed.
// Usage: dotnet run samples/tsServThreading.cs [host] [port] [connections] [idle-seconds]
// Defaults: 127.0.0.1, port 8009, no connection limit, exit after 10 s with no connection open.

using System.Text;
using Netwright.Servers;
using Netwright.Services.Timestamp;
using Netwright.Streams;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "127.0.0.1";
var port = args.Length > 1 ? int.Parse(args[1]) : 8009;
var connections = args.Length > 2 ? int.Parse(args[2]) : 0;  // 0: no limit
var idle = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 10);

// Stop by ourselves, like the Python version's handle_request() loop: after `connections` connections,
// or once `idle` passes with no connection open.
using var done = new CancellationTokenSource(idle);
var open = 0;
var options = new NetServerOptions
{
    ConnectionOpened = connection => { Interlocked.Increment(ref open); done.CancelAfter(Timeout.InfiniteTimeSpan); },
    ConnectionClosed = connection =>
    {
        if (Interlocked.Decrement(ref connections) == 0) { _ = done.CancelAsync(); }
        else if (Interlocked.Decrement(ref open) == 0) { done.CancelAfter(idle); }
    },
};

await using var server = new NetServer(options);
server.Listen(NetEndPoint.Tcp(host, port), new Myserver());
await server.StartAsync();
Console.WriteLine($"netwright: listening on {server.EndPoints[0].Host}:{server.EndPoints[0].Port}");
Console.WriteLine("waiting for connection...");
try
{
    await Task.Delay(Timeout.Infinite, done.Token);  // serve_forever(), until done
}
catch (OperationCanceledException)
{
    if (connections != 0)
    {
        Console.Error.WriteLine($"netwright: idle for {idle.TotalSeconds} s, exiting");
    }
}

await server.StopAsync();  // like the Python version, waits for the clients still connected

sealed class Myserver : ConnectionHandler
{
    private const int BufSize = 1024;

    public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
    {
        var data = new byte[BufSize];
        while (true)
        {
            Console.WriteLine($"...connected from: {NetEndPoint.Format(session.RemoteEndPoint)}");
            var received = await session.ReadAsync(data, cancellationToken);
            if (received == 0)
            {
                break;
            }

            await session.WriteTextAsync($"{CTime.Format(DateTime.Now)} {Encoding.UTF8.GetString(data, 0, received)}", cancellationToken);
        }
    }
}
