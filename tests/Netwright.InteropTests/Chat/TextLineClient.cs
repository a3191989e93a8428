using System.Net;
using System.Net.Sockets;
using System.Text;
using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests.Chat;

/// <summary>A raw line client on loopback (a plain chat client, or IRC typed by hand) that waits for lines with a time limit.</summary>
internal sealed class TextLineClient : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly List<string> _seen = [];

    private TextLineClient(Socket socket)
    {
        _socket = socket;
        _reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
    }

    public string Transcript => string.Join('\n', _seen);

    public static async Task<TextLineClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TestTimeouts.Await);
        return new TextLineClient(socket);
    }

    public async Task SendAsync(string line) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(line + "\r\n")).WaitAsync(TestTimeouts.Await);

    /// <summary>Reads lines until one contains <paramref name="text"/>, answering IRC PINGs on the way; returns it.</summary>
    public async Task<string> ExpectAsync(string text)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Exchange);
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no line with '{text}' within {TestTimeouts.Exchange.TotalSeconds} s; seen:\n{Transcript}");
            }

            Assert.True(line is not null, $"the server closed before '{text}'; seen:\n{Transcript}");
            _seen.Add(line);
            if (line.StartsWith("PING ", StringComparison.Ordinal))
            {
                await SendAsync("PONG " + line[5..]);
            }

            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _socket.Dispose();
    }
}
