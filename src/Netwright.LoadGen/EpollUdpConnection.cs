using System.Net.Sockets;
using Netwright.Interop;

namespace Netwright.LoadGen;

/// <summary>
/// One udp-mode socket driven by <see cref="EpollEngine"/>: sends a datagram with a direct send call, reads
/// replies with recv as epoll reports them, and gives up on a reply at its deadline (checked by the engine's
/// timer), counting a reply that comes after it as late. <see cref="UdpExchange"/> numbers and checks the datagrams.
/// </summary>
/// <remarks>
/// An ICMP port-unreachable for a connected UDP socket comes back as ECONNREFUSED from the next send or recv
/// (udp(7); epoll reports it as EPOLLERR, epoll_ctl(2)), so a server that is not there fails the socket as refused.
/// </remarks>
internal sealed class EpollUdpConnection : EpollConnection, IDatagramWorker
{
    private readonly long _timeoutTicks;
    private ReadOnlyMemory<byte> _datagram;
    private long _sequence = -1;
    private long _started;
    private long _deadline;
    private bool _measured;
    private bool _awaitingReply;

    public EpollUdpConnection(int id, Socket socket, RunControl run, BenchErrors errors, int size, TimeSpan replyTimeout, EpollEngine engine)
        : base(id, socket, run, errors, engine)
    {
        _timeoutTicks = RunControl.ToTicks(replyTimeout);
        Datagrams = new UdpExchange(id, size);
    }

    /// <inheritdoc/>
    public UdpExchange Datagrams { get; }

    /// <inheritdoc/>
    public override bool IsOverdue(long now, long timeoutTicks) => false;

    /// <summary>Sends the first datagram (engine thread).</summary>
    public override void Start() => SendNext();

    /// <inheritdoc/>
    public override void OnReady(uint events)
    {
        if (IsFinished)
        {
            return;
        }

        // While a send waits for room only EPOLLOUT is watched (EPOLLERR always comes, epoll_ctl(2)): send reports any error.
        if (IsWaitingToSend)
        {
            TrySend();
        }
        else
        {
            TryReceive();
        }
    }

    /// <summary>Gives up on the pending reply once its deadline has passed, and sends the next datagram.</summary>
    public override void OnTimer(long now)
    {
        if (!_awaitingReply)
        {
            return;
        }

        if (now >= _deadline)
        {
            Complete(onTime: false);
        }
        else
        {
            Engine.ScheduleTimer(_deadline);
        }
    }

    private void SendNext()
    {
        if (Run.IsStopping)
        {
            Finish();
            return;
        }

        _sequence++;
        _started = Now();
        _measured = Run.IsMeasuring(_started);
        _datagram = Datagrams.Begin(_sequence, _measured);
        BeginOperation(_started);
        TrySend();
    }

    private void TrySend()
    {
        // While a send waits for room only EPOLLOUT is watched: the socket is not read until the datagram is out.
        if (!TrySendOnce(_datagram.Span, 0, LibC.EPOLLOUT, out _))
        {
            return;
        }

        // As with the sockets engine, the reply timeout counts from the end of the send.
        _awaitingReply = true;
        _deadline = Now() + _timeoutTicks;
        Engine.ScheduleTimer(_deadline);
    }

    private void TryReceive()
    {
        var buffer = Datagrams.ReceiveBuffer;
        while (_awaitingReply)
        {
            var count = ReceiveOnce(buffer);
            if (count < 0)
            {
                if (RetryAfterReceiveError())
                {
                    continue;
                }

                return;
            }

            switch (CheckDatagram(Datagrams, (int)count, _sequence))
            {
                case UdpExchange.ReplyKind.Current:
                    Complete(onTime: true);
                    return;
                case UdpExchange.ReplyKind.Mismatch:
                    Finish();
                    return;
                default:
                    // A late reply to an earlier datagram: the current one may be right behind it.
                    continue;
            }
        }
    }

    private void Complete(bool onTime)
    {
        _awaitingReply = false;
        EndOperation();
        AddProgress(1);
        if (onTime && _measured)
        {
            MeasuredExchanges++;
            MeasuredBytes += Datagrams.Size;
            Latency.Record(RunControl.ToNanoseconds(Now() - _started));
        }

        SendNext();
    }
}
