#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// baseserver.cs: the base server of seed 002 (server.py): accepts each connection, reports the peer and
// closes it; test it with telnet or samples/connect.cs. Netwright sets SO_REUSEADDR on every TCP
// listener, so a restarted server binds again at once, as the seed's setsockopt() line asks.
// Usage: dotnet run samples/baseserver.cs [host] [port] [connections] [idle-seconds]
// Defaults: every address, port 51423, no connection limit, exit after 10 s with no connection.

using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "0.0.0.0";
var port = args.Length > 1 ? int.Parse(args[1]) : 51423;
var connections = args.Length > 2 ? int.Parse(args[2]) : 0;  // 0: no limit
var idle = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 10);

await using var s = await StreamListener.BindAsync(NetEndPoint.Tcp(host, port), new SocketTransportOptions { Backlog = 1 });
Console.WriteLine($"netwright: listening on {s.EndPoint.Host}:{s.EndPoint.Port}");
Console.WriteLine("Waiting for connections... ");

while (await AcceptAsync() is { } clientsock)
{
    Console.WriteLine($"Got connection from  {NetEndPoint.Format(clientsock.RemoteEndPoint)}");
    await clientsock.DisposeAsync();
    if (--connections == 0)
    {
        break;
    }
}

// accept() after settimeout(idle): null when no client came in time.
async Task<Connection?> AcceptAsync()
{
    using var timeout = new CancellationTokenSource(idle);
    try
    {
        return await s.AcceptAsync(timeout.Token);
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine($"netwright: idle for {idle.TotalSeconds} s, exiting");
        return null;
    }
}
