using System.Net.Sockets;

namespace Netwright.Cli.Commands.Bench;

/// <summary>Sends one message, waits for its whole reply, checking it as it arrives, and repeats.</summary>
internal sealed class PingPongWorker : BenchWorker
{
    private readonly PingPongExchange _exchange;
    private readonly byte[] _receiveBuffer;

    public PingPongWorker(int id, Socket socket, RunControl run, BenchErrors errors, int size, BenchReply reply)
        : base(id, socket, run, errors)
    {
        _exchange = new PingPongExchange(id, size, reply);
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(_exchange.ReplyLength, pinned: true);
    }

    protected override async Task RunCoreAsync()
    {
        var socket = Socket;
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
            var sent = 0;
            while (sent < size)
            {
                sent += await socket.SendAsync(payload[sent..], SocketFlags.None).ConfigureAwait(false);
            }

            var received = 0;
            while (received < replyLength)
            {
                var count = await socket.ReceiveAsync(buffer[received..], SocketFlags.None).ConfigureAwait(false);
                if (count == 0)
                {
                    EndOperation();
                    Fail(BenchErrorKind.Reset, FormattableString.Invariant($"closed by the server after {(number * replyLength) + received} reply bytes"));
                    return;
                }

                if (!VerifyReply(exchange, buffer.Span[..(received + count)], received))
                {
                    EndOperation();
                    return;
                }

                received += count;
            }

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
}
