using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

// The echo server of the .NET socket tutorials, ported literally: a blocking Socket, an Accept()
// loop and one Thread per connection running Receive/Send. Usage: ThreadedEcho HOST PORT.
if (args.Length != 2
    || !IPAddress.TryParse(args[0], out var address)
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
    || port > IPEndPoint.MaxPort)
{
    Console.Error.WriteLine("usage: ThreadedEcho HOST PORT (HOST an IP literal, PORT 0-65535)");
    return 2;
}

using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(address, port));
listener.Listen(512);

var bound = (IPEndPoint)listener.LocalEndPoint!;
Console.WriteLine($"listening {args[0]}:{bound.Port.ToString(CultureInfo.InvariantCulture)}");
Console.Out.Flush();

// Connection threads are background threads, so leaving Main ends the process; the signal
// handlers just make SIGINT/SIGTERM exit with 0 instead of the default 130/143.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

while (true)
{
    Socket client;
    try
    {
        client = listener.Accept();
    }
    catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.TooManyOpenSockets)
    {
        continue;
    }

    var thread = new Thread(Serve) { IsBackground = true };
    thread.Start(client);
}

static void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    Environment.Exit(0);
}

static void Serve(object? state)
{
    using var client = (Socket)state!;
    var buffer = new byte[8192];
    try
    {
        while (true)
        {
            var received = client.Receive(buffer);
            if (received == 0)
            {
                return;
            }

            var sent = 0;
            while (sent < received)
            {
                sent += client.Send(buffer, sent, received - sent, SocketFlags.None);
            }
        }
    }
    catch (SocketException)
    {
        // The client reset or aborted; this thread's connection is over.
    }
}
