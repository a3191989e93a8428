namespace Netwright.LoadGen;

/// <summary>
/// The connect mode: opens a connection (and runs the TLS handshake for a <c>tls://</c> target), sends one
/// message, reads its echo, closes, and repeats. Latency is the whole cycle; the rate is connections per second.
/// </summary>
internal sealed class ConnectWorker(int id, BenchSettings settings, RunControl run, BenchErrors errors)
    : BenchWorker(id, socket: null, run, errors)
{
    private readonly byte[] _buffer = new byte[settings.Size];
    private readonly ReadOnlyMemory<byte> _payload = PayloadPattern.Slice(PayloadPattern.StreamStart(id), 0, settings.Size);

    protected override async Task RunCoreAsync()
    {
        while (!Run.IsStopping)
        {
            var started = Now();
            BeginOperation(started);
            var socket = await BenchConnector.ConnectStreamAsync(settings.Target, null, settings.Timeout, CancellationToken.None).ConfigureAwait(false);
            Attach(socket, null);
            if (settings.Tls is { } tls)
            {
                Attach(socket, await tls.HandshakeAsync(socket, settings.Timeout, CancellationToken.None).ConfigureAwait(false));
            }

            if (Tls is { } stream)
            {
                await stream.WriteAsync(_payload).ConfigureAwait(false);
            }
            else
            {
                await socket.SendAsync(_payload, System.Net.Sockets.SocketFlags.None).ConfigureAwait(false);
            }

            var received = 0;
            while (received < _buffer.Length)
            {
                var count = await ReceiveAsync(_buffer.AsMemory(received)).ConfigureAwait(false);
                if (count == 0)
                {
                    EndOperation();
                    Fail(BenchErrorKind.Reset, FormattableString.Invariant($"closed by the server after {received} echoed bytes"));
                    return;
                }

                received += count;
            }

            if (!Verify(_payload.Span, _buffer, 0))
            {
                EndOperation();
                return;
            }

            Close();
            Attach(null, null);
            var finished = Now();
            EndOperation();
            AddProgress(1);
            if (Run.IsMeasuring(finished))
            {
                MeasuredExchanges++;
                MeasuredBytes += _buffer.Length;
                Latency.Record(RunControl.ToNanoseconds(finished - started));
            }
        }
    }
}
