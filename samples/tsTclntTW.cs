#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// tsTclntTW.cs: the Twisted timestamp client of seed 001 (tsTclntTW.py), in Netwright's event style: a
// client Protocol run by ProtocolConnector sends a line when connected and after each answer; an empty
// line (or the end of input) closes the connection, which ends the program.
// Usage: dotnet run samples/tsTclntTW.cs [host] [port]    (defaults localhost 21567)

using System.Buffers;
using System.Text;
using Netwright.Clients;
using Netwright.Protocols;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "localhost";
var port = args.Length > 1 ? int.Parse(args[1]) : 21567;

// reactor.connectTCP(HOST, PORT, TSClntFactory()); reactor.run() until the connection is lost.
var connection = await ProtocolConnector.ConnectAsync(NetEndPoint.Tcp(host, port), new TSClntProtocol());
await connection.Completion;

sealed class TSClntProtocol : Protocol
{
    public override void OnConnected() => SendData();  // connectionMade

    public override void OnDataReceived(ReadOnlySequence<byte> data)  // dataReceived
    {
        Console.WriteLine(Encoding.UTF8.GetString(data));
        SendData();
    }

    // Twisted's version calls input() inside the callback and so stops its reactor while the user types;
    // callbacks here must not block, so the line is read on the thread pool and written from there.
    private void SendData() => Task.Run(() =>
    {
        Console.Write("> ");
        var data = Console.ReadLine();
        if (!string.IsNullOrEmpty(data))
        {
            Console.WriteLine($"...sending {data}...");
            Transport.Write(data);
        }
        else
        {
            Transport.LoseConnection();
        }
    });
}
