using System.Net.Sockets;
using System.Text;

namespace Netwright.IntegrationTests.Infrastructure;

/// <summary>
/// A plain socket client for line protocols, like the seeds' clients: writes raw text, reads lines, and
/// can wait for the server to close. Every call is bounded by <see cref="Timeouts.Step"/>.
/// </summary>
public sealed class LineClient : IAsyncDisposable
{
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly CancellationToken _cancellationToken;

    public LineClient(Socket socket, CancellationToken cancellationToken)
    {
        Socket = socket;
        _cancellationToken = cancellationToken;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
    }

    /// <summary>Gets the client's socket.</summary>
    public Socket Socket { get; }

    /// <summary>Gets the stream over the socket, for byte-level reads and writes.</summary>
    public NetworkStream Stream => _stream;

    /// <summary>Sends text as UTF-8, exactly as given (no line ending is added).</summary>
    /// <param name="text">The text.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends bytes.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    public Task SendAsync(ReadOnlyMemory<byte> data) => _stream.WriteAsync(data, _cancellationToken).WithTimeout();

    /// <summary>Reads one line, without its ending; null at the end of the stream.</summary>
    /// <returns>The line.</returns>
    public Task<string?> ReadLineAsync() => _reader.ReadLineAsync(_cancellationToken).WithTimeout();

    /// <summary>Reads everything up to the end of the stream, as text.</summary>
    /// <returns>The text.</returns>
    public Task<string> ReadToEndAsync() => _reader.ReadToEndAsync(_cancellationToken).WaitAsync(Timeouts.Step);

    /// <summary>Waits until the server closes the connection, discarding any bytes still arriving.</summary>
    /// <returns>True for a clean end of stream, false for a reset.</returns>
    public async Task<bool> WaitForCloseAsync()
    {
        var buffer = new char[4096];
        try
        {
            while (await _reader.ReadAsync(buffer, _cancellationToken).AsTask().WithTimeout() > 0)
            {
            }

            return true;
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return false;
        }
    }

    /// <summary>Closes with a TCP reset (SO_LINGER 0) instead of a FIN, as a crashed peer would.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    /// <summary>Sends a FIN: the server sees the end of the stream but can still write back.</summary>
    public void ShutdownSend() => Socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}
