#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// server.cs: the greeting server of seed 000 (server.py): every client gets "Thank you for connecting"
// and the connection is closed.
// Usage: dotnet run samples/server.cs [host] [port] [connections] [idle-seconds]
// Defaults: this machine's host name, port 8088, no connection limit, exit after 10 s with no connection.

using System.Text;
using Netwright.Naming;
using Netwright.Transport;

// get local machine name
var host = args.Length > 0 ? args[0] : SocketLookup.GetHostName();
var port = args.Length > 1 ? int.Parse(args[1]) : 8088;
var connections = args.Length > 2 ? int.Parse(args[2]) : 0;  // 0: no limit
var idle = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 10);

// bind to the port, queue up to 5 requests
await using var serversocket = await StreamListener.BindAsync(NetEndPoint.Tcp(host, port), new SocketTransportOptions { Backlog = 5 });
Console.WriteLine($"netwright: listening on {serversocket.EndPoint.Host}:{serversocket.EndPoint.Port}");
Console.WriteLine($"Server start at port: {serversocket.EndPoint.Port}");

// establish a connection
while (await AcceptAsync() is { } clientsocket)
{
    Console.WriteLine($"Got a connection from {NetEndPoint.Format(clientsocket.RemoteEndPoint)}");
    var msg = "Thank you for connecting" + "\r\n";
    await clientsocket.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(msg));
    await clientsocket.DisposeAsync();  // close(): what was written is sent first
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
        return await serversocket.AcceptAsync(timeout.Token);
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine($"netwright: idle for {idle.TotalSeconds} s, exiting");
        return null;
    }
}
