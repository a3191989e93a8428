#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsTclnt.cs: the TCP timestamp client of seed 001 (tsTclnt.py). Sends each line typed at the '> '
// prompt and prints the server's answer; an empty line (or the end of input) quits.
// Usage: dotnet run samples/tsTclnt.cs [host] [port]    (defaults 127.0.0.1 21567)

using System.Text;
using Netwright.Clients;
using Netwright.Streams;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "127.0.0.1";
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;
const int BufSiz = 1024;

await using var tcpCliSock = await NetClient.ConnectAsync(NetEndPoint.Tcp(host, port));
using var session = new StreamSession(tcpCliSock);
var buffer = new byte[BufSiz];

while (true)
{
    Console.Write("> ");
    var data = Console.ReadLine();
    if (string.IsNullOrEmpty(data))
    {
        break;
    }

    await session.WriteTextAsync(data);
    var received = await session.ReadAsync(buffer);
    if (received == 0)
    {
        break;
    }

    Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, received));
}
