#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsTservSS.cs: the socketserver timestamp server of seed 001 (tsTservSS.py), in Netwright's handler
// style: a ConnectionHandler reads one line per connection, answers "[ctime] line" and the connection closes.
// Usage: dotnet run samples/tsTservSS.cs [host] [port] [connections] [idle-seconds]
// Defaults: every address, port 21567, no connection limit, exit after 10 s with no connection open.

using Netwright.Servers;
using Netwright.Services.Timestamp;
using Netwright.Streams;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "0.0.0.0";
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;
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

await using var tcpServ = new NetServer(options);
tcpServ.Listen(NetEndPoint.Tcp(host, port), new MyRequestHandler());
await tcpServ.StartAsync();
Console.WriteLine($"netwright: listening on {tcpServ.EndPoints[0].Host}:{tcpServ.EndPoints[0].Port}");
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

await tcpServ.StopAsync();

sealed class MyRequestHandler : ConnectionHandler
{
    public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
    {
        Console.WriteLine($"...connected from: {NetEndPoint.Format(session.RemoteEndPoint)}");
        var line = await session.ReadLineAsync(cancellationToken);  // rfile.readline(), without the line end
        if (line is not null)
        {
            await session.WriteLineAsync($"[{CTime.Format(DateTime.Now)}] {line}", cancellationToken);
        }
    }
}
