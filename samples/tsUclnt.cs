#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsUclnt.cs: the UDP timestamp client of seed 001 (tsUclnt.py): each line typed at the '> ' prompt
// goes out as one datagram and the answer is printed; an empty line (or the end of input) quits.
// Usage: dotnet run samples/tsUclnt.cs [host] [port]    (defaults localhost 21567)

using System.Text;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "localhost";
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;
const int BufSiz = 1024;

await using var udpCliSock = await DatagramChannel.ConnectAsync(NetEndPoint.Udp(host, port));
var buffer = new byte[BufSiz];

while (true)
{
    Console.Write("> ");
    var data = Console.ReadLine();
    if (string.IsNullOrEmpty(data))
    {
        break;
    }

    await udpCliSock.SendAsync(Encoding.UTF8.GetBytes(data));
    var received = await udpCliSock.ReceiveAsync(buffer);
    if (received == 0)
    {
        break;
    }

    Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, received));
}
