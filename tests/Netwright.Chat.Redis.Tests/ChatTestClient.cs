using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netwright.Chat.Redis.Tests;

/// <summary>A line client on a chat node: sends raw lines and reads until a line with the expected text arrives.</summary>
internal sealed class ChatTestClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private ChatTestClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), false, 4096, leaveOpen: true);
    }

    public static async Task<ChatTestClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).DefaultTimeout();
        return new ChatTestClient(socket);
    }

    /// <summary>An IRC client registered as <paramref name="nick"/> and in <paramref name="room"/>.</summary>
    public static async Task<ChatTestClient> IrcAsync(int port, string nick, string room)
    {
        var client = await ConnectAsync(port);
        await client.SendAsync($"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\nJOIN {room}\r\n");
        await client.ExpectAsync($" 366 {nick} {room} ");
        return client;
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().DefaultTimeout();

    /// <summary>Reads lines until one contains any of <paramref name="texts"/>, within 10 s; returns it.</summary>
    public async Task<string> ExpectAsync(params string[] texts)
    {
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);
        try
        {
            while (await _reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (texts.Any(t => line.Contains(t, StringComparison.Ordinal)))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no line with '{string.Join("' or '", texts)}' within {TestTimeouts.Default.TotalSeconds} s");
        }

        throw new Xunit.Sdk.XunitException($"the connection ended before a line with '{string.Join("' or '", texts)}'");
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
