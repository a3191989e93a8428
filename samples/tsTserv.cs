#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsTserv.cs: the TCP timestamp server of seed 001 (tsTserv.py). One client at a time; each chunk the
// client sends comes back as "[ctime] text", no newline needed.
// Usage: dotnet run samples/tsTserv.cs [host] [port] [connections] [idle-seconds]
// Defaults: every address, port 21567, no connection limit, exit after 10 s with no connection.

using System.Text;
using Netwright.Services.Timestamp;
using Netwright.Streams;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "0.0.0.0";  // Python's '': any address
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;  // 0: any free port
var connections = args.Length > 2 ? int.Parse(args[2]) : 0;  // 0: no limit
var idle = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 10);
const int BufSiz = 1024;

await using var tcpSerSock = await StreamListener.BindAsync(NetEndPoint.Tcp(host, port));
Console.WriteLine($"netwright: listening on {tcpSerSock.EndPoint.Host}:{tcpSerSock.EndPoint.Port}");

while (true)
{
    Console.WriteLine("waiting for connection...");
    await using var tcpCliSock = await AcceptAsync();
    if (tcpCliSock is null)
    {
        break;
    }

    Console.WriteLine($"...connected from: {NetEndPoint.Format(tcpCliSock.RemoteEndPoint)}");
    using var session = new StreamSession(tcpCliSock);
    var data = new byte[BufSiz];
    int received;
    while ((received = await session.ReadAsync(data)) > 0)  // 0: the client has gone
    {
        await session.WriteTextAsync($"[{CTime.Format(DateTime.Now)}] {Encoding.UTF8.GetString(data, 0, received)}");
    }

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
        return await tcpSerSock.AcceptAsync(timeout.Token);
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine($"netwright: idle for {idle.TotalSeconds} s, exiting");
        return null;
    }
}
