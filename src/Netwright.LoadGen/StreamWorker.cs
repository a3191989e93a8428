using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// Keeps up to a window of bytes in flight: a send loop writes <c>size</c>-byte chunks while the receive
/// loop reads and checks the echo. Latency is the time from sending a chunk to receiving its last byte.
/// </summary>
/// <remarks>
/// At the end the send loop half-closes the connection; an echo server then echoes what is left and
/// closes, which ends the receive loop cleanly.
/// </remarks>
internal sealed class StreamWorker : BenchWorker
{
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly int _size;
    private readonly int _window;
    private readonly int _streamStart;
    private readonly byte[] _receiveBuffer;
    private readonly long[] _sentAt;
    private readonly AsyncSignal _windowOpened = new();
    private long _sentBytes;
    private long _receivedBytes;
    private long _lastActivityAt;
    private volatile bool _sendingDone;
    private volatile bool _receiveEnded;

    public StreamWorker(int id, Socket socket, RunControl run, BenchErrors errors, int size, int window, Stream? tls = null)
        : base(id, socket, run, errors, tls)
    {
        _size = size;
        _window = window;
        _streamStart = PayloadPattern.StreamStart(id);
        _sentAt = new long[(window / size) + 1];
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(Math.Min(window, ReceiveBufferSize), pinned: true);
    }

    private bool HasOutstanding => Volatile.Read(ref _sentBytes) != Volatile.Read(ref _receivedBytes);

    /// <summary>Returns true when bytes are outstanding and nothing was echoed for longer than <paramref name="timeoutTicks"/>.</summary>
    public override bool IsOverdue(long now, long timeoutTicks) =>
        HasOutstanding && now - Volatile.Read(ref _lastActivityAt) > timeoutTicks;

    protected override async Task RunCoreAsync()
    {
        var sending = SendLoopAsync();
        var clean = false;
        try
        {
            clean = await ReceiveLoopAsync().ConfigureAwait(false);
        }
        finally
        {
            _sendingDone = true;
            _receiveEnded = true;
            _windowOpened.Set();
            if (!clean)
            {
                // The send loop may be blocked on a full socket buffer now that nobody reads the echo.
                Close();
            }

            await sending.ConfigureAwait(false);
        }
    }

    private async Task SendLoopAsync()
    {
        // Yield so the receive loop is posted before the first send.
        await Task.Yield();
        var socket = Socket;
        var tls = Tls;
        var size = _size;
        try
        {
            while (!Run.IsStopping && !_sendingDone)
            {
                var sent = _sentBytes;
                if (sent + size - Volatile.Read(ref _receivedBytes) > _window)
                {
                    await _windowOpened.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                var now = Now();
                _sentAt[(sent / size) % _sentAt.Length] = now;
                if (sent == Volatile.Read(ref _receivedBytes))
                {
                    // Nothing was outstanding: the timeout counts from this send.
                    Volatile.Write(ref _lastActivityAt, now);
                }

                // Count the chunk as sent before sending it: its echo can arrive before SendAsync returns.
                Volatile.Write(ref _sentBytes, sent + size);
                var chunk = PayloadPattern.Slice(_streamStart, sent, size);
                if (tls is not null)
                {
                    await tls.WriteAsync(chunk).ConfigureAwait(false);
                    continue;
                }

                var written = 0;
                while (written < size)
                {
                    written += await socket.SendAsync(chunk[written..], SocketFlags.None).ConfigureAwait(false);
                }
            }

            _sendingDone = true;
            if (tls is System.Net.Security.SslStream ssl)
            {
                // TLS has no half-close of its own: close_notify, then the FIN, ends the server's input. On Linux
                // SslStream's shutdown calls SSL_shutdown, which also reads the peer's records, without the lock its
                // reads take; run while the receive loop decrypts an echo, the two would use the one SSL object at once
                // (https://docs.openssl.org/3.0/man7/openssl-threads/).
                // Once every byte sent has been echoed the receive loop waits on the socket, outside OpenSSL.
                if (!await WaitForEchoesAsync().ConfigureAwait(false))
                {
                    return;
                }

                await ssl.ShutdownAsync().ConfigureAwait(false);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (BenchErrors.IsNetworkFailure(ex))
        {
            // The receive loop sees the same failure on the shared socket and reports it.
            _sendingDone = true;
        }
    }

    /// <summary>Waits until every byte sent has been echoed; false when the receive loop ended first.</summary>
    private async ValueTask<bool> WaitForEchoesAsync()
    {
        while (!_receiveEnded)
        {
            if (Volatile.Read(ref _receivedBytes) == _sentBytes)
            {
                return true;
            }

            await _windowOpened.WaitAsync().ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Reads and checks the echo; returns true when it ended cleanly (everything echoed, then EOF).</summary>
    private async Task<bool> ReceiveLoopAsync()
    {
        var size = _size;
        var buffer = _receiveBuffer.AsMemory();
        while (true)
        {
            var count = await ReceiveAsync(buffer).ConfigureAwait(false);
            var finished = Now();
            var received = _receivedBytes;
            if (count == 0)
            {
                if (_sendingDone && received == Volatile.Read(ref _sentBytes))
                {
                    return true;
                }

                Fail(BenchErrorKind.Reset, FormattableString.Invariant($"closed by the server after {received} echoed bytes"));
                return false;
            }

            if (received + count > Volatile.Read(ref _sentBytes))
            {
                Fail(BenchErrorKind.Mismatch, FormattableString.Invariant($"the server echoed more bytes than were sent (offset {received})"));
                return false;
            }

            var expected = PayloadPattern.Slice(_streamStart, received, count);
            if (!Verify(expected.Span, buffer.Span[..count], received))
            {
                return false;
            }

            var measuring = Run.IsMeasuring(finished);
            var chunksBefore = received / size;
            var after = received + count;
            var chunksAfter = after / size;
            for (var chunk = chunksBefore; chunk < chunksAfter; chunk++)
            {
                if (measuring)
                {
                    Latency.Record(RunControl.ToNanoseconds(finished - _sentAt[chunk % _sentAt.Length]));
                    MeasuredExchanges++;
                }
            }

            if (measuring)
            {
                MeasuredBytes += count;
            }

            Volatile.Write(ref _lastActivityAt, finished);
            Volatile.Write(ref _receivedBytes, after);
            AddProgress(count);
            _windowOpened.Set();
        }
    }
}
