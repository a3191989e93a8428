#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsUserv.cs: the UDP timestamp server of seed 001 (tsUserv.py): each datagram is answered with one
// datagram "[ctime] text".
// Usage: dotnet run samples/tsUserv.cs [host] [port] [datagrams] [idle-seconds]
// Defaults: every address, port 21567, no datagram limit, exit after 10 s with no datagram.

using System.Net;
using System.Text;
using Netwright.Services.Timestamp;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "0.0.0.0";
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;
var datagrams = args.Length > 2 ? int.Parse(args[2]) : 0;  // 0: no limit
var idle = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 10);
const int BufSiz = 1024;

await using var udpSerSock = await DatagramChannel.BindAsync(NetEndPoint.Udp(host, port));
Console.WriteLine($"netwright: listening on {udpSerSock.LocalEndPoint.Host}:{udpSerSock.LocalEndPoint.Port}");
var data = new byte[BufSiz];
var addr = udpSerSock.CreateAddressBuffer();

while (true)
{
    Console.WriteLine("waiting for message...");
    int received;
    using (var timeout = new CancellationTokenSource(idle))  // settimeout(idle)
    {
        try
        {
            received = await udpSerSock.ReceiveFromAsync(data, addr, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"netwright: idle for {idle.TotalSeconds} s, exiting");
            break;
        }
    }

    var reply = $"[{CTime.Format(DateTime.Now)}] {Encoding.UTF8.GetString(data, 0, received)}";
    await udpSerSock.SendToAsync(Encoding.UTF8.GetBytes(reply), addr);
    Console.WriteLine($"...received from and returned to: {NetEndPoint.Format(new IPEndPoint(IPAddress.Any, 0).Create(addr))}");
    if (--datagrams == 0)
    {
        break;
    }
}
