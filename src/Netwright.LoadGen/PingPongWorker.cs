using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>Sends one message, waits for its whole reply, checking it as it arrives, and repeats.</summary>
internal sealed class PingPongWorker : BenchWorker
{
    private readonly PingPongExchange _exchange;
    private readonly byte[] _receiveBuffer;

    public PingPongWorker(int id, Socket socket, RunControl run, BenchErrors errors, int size, BenchReply reply, Stream? tls = null)
        : base(id, socket, run, errors, tls)
    {
        _exchange = new PingPongExchange(id, size, reply);
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(_exchange.ReplyLength, pinned: true);
    }

    protected override async Task RunCoreAsync()
    {
        var socket = Socket;
        var tls = Tls;
        var exchange = _exchange;
        var size = exchange.RequestLength;
        var replyLength = exchange.ReplyLength;
        var buffer = _receiveBuffer.AsMemory(0, replyLength);
        long number = 0;
        while (!Run.IsStopping)
        {
            var payload = exchange.Begin(number);
            var started = Now();
            BeginOperation(started);
            // Receive while sending: an echo of a message larger than the socket buffers comes back before the
            // last byte is sent, and a client that only reads afterwards stalls until TCP's buffers grow.
            var sending = tls is null ? SendAllAsync(socket, payload) : tls.WriteAsync(payload).AsTask();
            var received = 0;
            while (received < replyLength)
            {
                var count = tls is null
                    ? await socket.ReceiveAsync(buffer[received..], SocketFlags.None).ConfigureAwait(false)
                    : await tls.ReadAsync(buffer[received..]).ConfigureAwait(false);
                if (count == 0)
                {
                    EndOperation();
                    Observe(sending);
                    Fail(BenchErrorKind.Reset, FormattableString.Invariant($"closed by the server after {(number * replyLength) + received} reply bytes"));
                    return;
                }

                if (!VerifyReply(exchange, buffer.Span[..(received + count)], received))
                {
                    EndOperation();
                    Observe(sending);
                    return;
                }

                received += count;
            }

            // The whole reply is in, so the request was taken in full; this only surfaces a send error.
            await sending.ConfigureAwait(false);

            var finished = Now();
            EndOperation();
            number++;
            AddProgress(1);
            if (Run.IsMeasuring(finished))
            {
                MeasuredExchanges++;
                MeasuredBytes += size;
                Latency.Record(RunControl.ToNanoseconds(finished - started));
            }
        }
    }

    /// <summary>Sends all of <paramref name="payload"/>; completes at once (no allocation) when the socket takes it at once.</summary>
    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> payload)
    {
        var sent = 0;
        while (sent < payload.Length)
        {
            sent += await socket.SendAsync(payload[sent..], SocketFlags.None).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a send left behind by a failed exchange from going unobserved; the socket's disposal ends it.</summary>
    private static void Observe(Task sending)
    {
        if (!sending.IsCompleted)
        {
            _ = sending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
