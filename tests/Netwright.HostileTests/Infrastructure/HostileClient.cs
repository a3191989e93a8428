using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Netwright.HostileTests.Infrastructure;

/// <summary>
/// A raw loopback TCP client for attacks and probes: the socket (for resets and half-closes) and a stream
/// over it, with line reads that are bounded in bytes and every wait bounded in time by the caller's token.
/// </summary>
internal sealed class HostileClient : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private HostileClient(Socket socket, Stream? stream = null)
    {
        Socket = socket;
        Stream = stream ?? new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>Gets the socket.</summary>
    public Socket Socket { get; }

    /// <summary>Gets the byte stream over the socket.</summary>
    public Stream Stream { get; }

    /// <summary>Connects to <paramref name="endpoint"/>.</summary>
    public static async Task<HostileClient> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new HostileClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects to a TLS listener and completes the handshake, trusting only the certificate whose SHA-256 is <paramref name="fingerprint"/>.</summary>
    public static async Task<HostileClient> ConnectTlsAsync(IPEndPoint endpoint, string fingerprint, CancellationToken cancellationToken)
    {
        var plain = await ConnectAsync(endpoint, cancellationToken);
        var tls = new SslStream(new NetworkStream(plain.Socket, ownsSocket: false));
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                        certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), fingerprint, StringComparison.OrdinalIgnoreCase),
                },
                cancellationToken);
            return new HostileClient(plain.Socket, tls);
        }
        catch
        {
            await tls.DisposeAsync();
            await plain.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes all of <paramref name="data"/>.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => Stream.WriteAsync(data, cancellationToken);

    /// <summary>Reads one line (without its LF, CR kept) of at most <paramref name="maxBytes"/>; null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">No newline within <paramref name="maxBytes"/>.</exception>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken, int maxBytes = 32 * 1024)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = _buffer[_start..newline];
                _start = newline + 1;
                return line;
            }

            if (_end - _start >= maxBytes)
            {
                throw new InvalidDataException($"no newline within {maxBytes} bytes");
            }

            if (_end == _buffer.Length)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await Stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return _end > _start ? TakeRest() : null;
            }

            _end += read;
        }
    }

    /// <summary>Reads until the peer closes, keeping at most <paramref name="keep"/> bytes; a reset counts as the end.</summary>
    /// <returns>The kept bytes, the total read, and whether the end was a reset rather than a FIN.</returns>
    public async Task<(byte[] Kept, long Total, bool Reset)> ReadToEndAsync(CancellationToken cancellationToken, int keep = 64 * 1024)
    {
        using var kept = new MemoryStream();
        long total = _end - _start;
        kept.Write(_buffer, _start, _end - _start);
        _start = _end = 0;
        try
        {
            int read;
            while ((read = await Stream.ReadAsync(_buffer, cancellationToken)) > 0)
            {
                total += read;
                if (kept.Length < keep)
                {
                    kept.Write(_buffer, 0, Math.Min(read, keep - (int)kept.Length));
                }
            }

            return (kept.ToArray(), total, false);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset } || Stream is SslStream)
        {
            // Over TLS a peer that closes without close_notify, or resets, ends the stream with an IOException.
            return (kept.ToArray(), total, true);
        }
    }

    /// <summary>Closes with a reset (SO_LINGER 0) instead of a FIN.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    /// <summary>Sends a FIN but keeps reading (a half-close).</summary>
    public void ShutdownSend() => Socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        Socket.Dispose();
    }

    private byte[] TakeRest()
    {
        var rest = _buffer[_start.._end];
        _start = _end;
        return rest;
    }
}
