#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// client.cs: the greeting client of seed 000 (client.py): connects and prints what the server sends.
// Usage: dotnet run samples/client.cs [host] [port]    (defaults: this machine's host name, 8088)

using System.Text;
using Netwright.Clients;
using Netwright.Naming;
using Netwright.Streams;
using Netwright.Transport;

// get local machine name
var host = args.Length > 0 ? args[0] : SocketLookup.GetHostName();
var port = args.Length > 1 ? int.Parse(args[1]) : 8088;

// connection to hostname on the port.
var s = await NetClient.ConnectAsync(NetEndPoint.Tcp(host, port));

// Receive no more than 1024 bytes
var msg = new byte[1024];
int received;
using (var session = new StreamSession(s))
{
    received = await session.ReadAsync(msg);
}

await s.DisposeAsync();
Console.WriteLine(Encoding.ASCII.GetString(msg, 0, received));
