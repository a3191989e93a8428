#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsTclntSS.cs: the socketserver timestamp client of seed 001 (tsTclntSS.py): a new connection for each
// line, sent with CRLF; the answer is printed without its line end. An empty line (or the end of input) quits.
// As in the Python version it connects before each prompt, so N lines make N+1 connections.
// Usage: dotnet run samples/tsTclntSS.cs [host] [port]    (defaults localhost 21567)

using System.Text;
using Netwright.Clients;
using Netwright.Streams;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "localhost";
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;
const int BufSiz = 1024;
var buffer = new byte[BufSiz];

while (true)
{
    await using var tcpCliSock = await NetClient.ConnectAsync(NetEndPoint.Tcp(host, port));
    using var session = new StreamSession(tcpCliSock);
    Console.Write("> ");
    var data = Console.ReadLine();
    if (string.IsNullOrEmpty(data))
    {
        break;
    }

    await session.WriteTextAsync($"{data}\r\n");
    var received = await session.ReadAsync(buffer);
    if (received == 0)
    {
        break;
    }

    Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, received).Trim());
}
