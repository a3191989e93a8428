#:project ../src/Netwright/Netwright.csproj
#:property PublishAot=false
// connect.cs: the information client of seed 002 (connect.py): looks up the http port by service name,
// connects, and prints both ends of the connection.
// Usage: dotnet run samples/connect.cs [host] [port-or-service]    (defaults localhost http)

using Netwright.Clients;
using Netwright.Errors;
using Netwright.Naming;
using Netwright.Transport;

var host = args.Length > 0 ? args[0] : "localhost";
var service = args.Length > 1 ? args[1] : "http";

try
{
    Console.WriteLine("Looking up port number... ");
    var port = int.TryParse(service, out var number) ? number : SocketLookup.GetServiceByName(service, "tcp");
    Console.WriteLine("Done!");

    Console.WriteLine($"Connecting to remote host on port {port}...");
    await using var s = await NetClient.ConnectAsync(NetEndPoint.Tcp(host, port));
    Console.WriteLine("Done!");

    Console.WriteLine($"Connected from  {NetEndPoint.Format(s.LocalEndPoint)}");   // getsockname()
    Console.WriteLine($"Connected to  {NetEndPoint.Format(s.RemoteEndPoint)}");    // getpeername()
}
catch (NetwrightException e)  // socket.error, gaierror, herror and timeout in one family
{
    Console.Error.WriteLine($"connect: {e.Message}");
    return 1;
}

return 0;
