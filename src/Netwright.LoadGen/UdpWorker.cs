using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// Sends one datagram at a time on <see cref="Socket"/> async calls and waits for its echo up to the reply
/// timeout; <see cref="UdpExchange"/> numbers the datagrams and checks the replies. Used where
/// <see cref="EpollUdpConnection"/> is not (<c>--engine sockets</c>, or not Linux).
/// </summary>
internal sealed class UdpWorker : BenchWorker, IDatagramWorker
{
    private readonly TimeSpan _replyTimeout;

    public UdpWorker(int id, Socket socket, RunControl run, BenchErrors errors, int size, TimeSpan replyTimeout)
        : base(id, socket, run, errors)
    {
        _replyTimeout = replyTimeout;
        Datagrams = new UdpExchange(id, size);
    }

    /// <inheritdoc/>
    public UdpExchange Datagrams { get; }

    /// <inheritdoc/>
    public override bool IsOverdue(long now, long timeoutTicks) => false;

    protected override async Task RunCoreAsync()
    {
        var socket = Socket;
        var timeout = new CancellationTokenSource();
        try
        {
            for (long sequence = 0; !Run.IsStopping; sequence++)
            {
                var started = Now();
                var measured = Run.IsMeasuring(started);
                var payload = Datagrams.Begin(sequence, measured);
                BeginOperation(started);
                await socket.SendAsync(payload, SocketFlags.None).ConfigureAwait(false);
                timeout.CancelAfter(_replyTimeout);
                var outcome = await AwaitReplyAsync(sequence, timeout.Token).ConfigureAwait(false);
                EndOperation();
                if (!timeout.TryReset())
                {
                    timeout.Dispose();
                    timeout = new CancellationTokenSource();
                }

                if (outcome == UdpExchange.ReplyKind.Mismatch)
                {
                    return;
                }

                AddProgress(1);
                if (outcome == UdpExchange.ReplyKind.Current && measured)
                {
                    MeasuredExchanges++;
                    MeasuredBytes += Datagrams.Size;
                    Latency.Record(RunControl.ToNanoseconds(Now() - started));
                }
            }
        }
        finally
        {
            timeout.Dispose();
        }
    }

    /// <summary>Returns <see cref="UdpExchange.ReplyKind.Current"/> or <see cref="UdpExchange.ReplyKind.Mismatch"/>, or null on a timeout.</summary>
    private async ValueTask<UdpExchange.ReplyKind?> AwaitReplyAsync(long sequence, CancellationToken timeout)
    {
        while (true)
        {
            int count;
            try
            {
                count = await Socket.ReceiveAsync(Datagrams.ReceiveBuffer.AsMemory(), SocketFlags.None, timeout).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return null;
            }

            var kind = CheckDatagram(Datagrams, count, sequence);
            if (kind != UdpExchange.ReplyKind.Older)
            {
                return kind;
            }
        }
    }
}
