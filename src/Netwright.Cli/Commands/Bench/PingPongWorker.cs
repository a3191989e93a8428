using System.Net.Sockets;

namespace Netwright.Cli.Commands.Bench;

/// <summary>Sends one message, waits for its whole echo, checks it, and repeats.</summary>
internal sealed class PingPongWorker : BenchWorker
{
    private readonly int _size;
    private readonly int _streamStart;
    private readonly byte[] _receiveBuffer;

    public PingPongWorker(int id, Socket socket, RunControl run, BenchErrors errors, int size)
        : base(id, socket, run, errors)
    {
        _size = size;
        _streamStart = PayloadPattern.StreamStart(id);
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(size, pinned: true);
    }

    protected override async Task RunCoreAsync()
    {
        var socket = Socket;
        var size = _size;
        var buffer = _receiveBuffer.AsMemory(0, size);
        long position = 0;
        while (!Run.IsStopping)
        {
            var payload = PayloadPattern.Slice(_streamStart, position, size);
            var started = Now();
            BeginOperation(started);
            var sent = 0;
            while (sent < size)
            {
                sent += await socket.SendAsync(payload[sent..], SocketFlags.None).ConfigureAwait(false);
            }

            var received = 0;
            while (received < size)
            {
                var count = await socket.ReceiveAsync(buffer[received..], SocketFlags.None).ConfigureAwait(false);
                if (count == 0)
                {
                    EndOperation();
                    Fail(BenchErrorKind.Reset, FormattableString.Invariant($"closed by the server after {position + received} echoed bytes"));
                    return;
                }

                received += count;
            }

            var finished = Now();
            EndOperation();
            if (!Verify(payload.Span, buffer.Span, position))
            {
                return;
            }

            position += size;
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
