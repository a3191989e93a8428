#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsClnt8009.cs: seed 003's client for the ThreadingTCPServer example (socketclient.py) on 127.0.0.1:8009.
// Sends each line typed at the '>>> ' prompt and prints the answer; an empty line is skipped, as in the
// seed, and the end of input quits.
// Usage: dotnet run samples/tsClnt8009.cs [host] [port]    (defaults 127.0.0.1 8009)

using System.Text;
using Netwright.Clients;
using Netwright.Streams;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "127.0.0.1";
var port = args.Length > 1 ? int.Parse(args[1]) : 8009;
const int BufSize = 1024;

await using var client = await NetClient.ConnectAsync(NetEndPoint.Tcp(host, port));
using var session = new StreamSession(client);
var recvData = new byte[BufSize];

while (true)
{
    Console.Write(">>> ");
    var data = Console.ReadLine();
    if (data is null)
    {
        break;
    }

    if (data.Length == 0)
    {
        continue;
    }

    await session.WriteTextAsync(data);
    var received = await session.ReadAsync(recvData);
    if (received == 0)
    {
        break;
    }

    Console.WriteLine(Encoding.UTF8.GetString(recvData, 0, received));
}
