#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsTservTW.cs: the Twisted timestamp server of seed 001 (tsTservTW.py), in Netwright's event style:
// a Protocol made by a ProtocolFactory answers every chunk of data with "[ctime] text".
// Usage: dotnet run samples/tsTservTW.cs [host] [port] [connections] [idle-seconds]
// Defaults: every address, port 21567, no connection limit, exit after 10 s with no connection open.

using System.Buffers;
using System.Net;
using System.Text;
using Netwright.Protocols;
using Netwright.Servers;
using Netwright.Services.Timestamp;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "0.0.0.0";
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;
var connections = args.Length > 2 ? int.Parse(args[2]) : 0;  // 0: no limit
var idle = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 10);

var factory = new TSServFactory(connections, idle);
await using var server = new NetServer();
server.Listen(NetEndPoint.Tcp(host, port), factory);  // reactor.listenTCP(PORT, factory)
await server.StartAsync();
Console.WriteLine($"netwright: listening on {server.EndPoints[0].Host}:{server.EndPoints[0].Port}");
Console.WriteLine("waiting for connection...");
try
{
    await Task.Delay(Timeout.Infinite, factory.Done.Token);  // reactor.run(), until reactor.stop()
}
catch (OperationCanceledException)
{
    if (factory.Served != connections)
    {
        Console.Error.WriteLine($"netwright: idle for {idle.TotalSeconds} s, exiting");
    }
}

await server.StopAsync();

sealed class TSServProtocol(TSServFactory factory) : Protocol
{
    public override void OnConnected()  // connectionMade
    {
        Console.WriteLine($"...connected from: {((IPEndPoint)Transport.RemoteEndPoint!).Address}");
        factory.Opened();
    }

    public override void OnDataReceived(ReadOnlySequence<byte> data) =>  // dataReceived
        Transport.Write($"[{CTime.Format(DateTime.Now)}] {Encoding.UTF8.GetString(data)}");

    public override void OnConnectionLost(Exception? reason) => factory.Closed();  // connectionLost
}

// protocol.Factory with factory.protocol = TSServProtocol, plus the Python version's way to stop: after
// `connections` connections, or once `idle` passes with no connection open (its reactor.callLater).
sealed class TSServFactory(int connections, TimeSpan idle) : ProtocolFactory
{
    private int _open;
    private int _served;

    public CancellationTokenSource Done { get; } = new(idle);

    public int Served => Volatile.Read(ref _served);

    public override Protocol CreateProtocol(EndPoint? remoteEndPoint) => new TSServProtocol(this);

    public void Opened()
    {
        Interlocked.Increment(ref _open);
        Done.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    public void Closed()
    {
        var open = Interlocked.Decrement(ref _open);
        if (Interlocked.Increment(ref _served) == connections)
        {
            _ = Done.CancelAsync();
        }
        else if (open == 0)
        {
            Done.CancelAfter(idle);
        }
    }
}
