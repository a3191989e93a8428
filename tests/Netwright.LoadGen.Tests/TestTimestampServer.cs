using System.Net.Sockets;
using System.Text;

namespace Netwright.LoadGen.Tests;

/// <summary>
/// A raw-socket line server on a loopback port 0 that answers every line with a fixed header and the line,
/// for checking that the generator rejects a wrong timestamp shape (and accepts a right one).
/// </summary>
internal sealed class TestTimestampServer : TestStreamServer
{
    private readonly byte[] _header;

    private TestTimestampServer(Socket listener, string header)
        : base(listener) => _header = Encoding.ASCII.GetBytes(header);

    /// <summary>Starts a server that answers each line with <paramref name="header"/> + the line + <c>\n</c>.</summary>
    public static TestTimestampServer Start(string header)
    {
        var server = new TestTimestampServer(ListenTcp(64), header);
        server.Start();
        return server;
    }

    protected override async Task ServeAsync(Socket connection)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        while (true)
        {
            var count = await connection.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, Stopping);
            if (count == 0)
            {
                return;
            }

            filled += count;
            int end;
            while ((end = Array.IndexOf(buffer, (byte)'\n', 0, filled)) >= 0)
            {
                var reply = new byte[_header.Length + end + 1];
                _header.CopyTo(reply, 0);
                Array.Copy(buffer, 0, reply, _header.Length, end + 1);
                await connection.SendAsync(reply, SocketFlags.None, Stopping);
                Array.Copy(buffer, end + 1, buffer, 0, filled - end - 1);
                filled -= end + 1;
            }
        }
    }
}
