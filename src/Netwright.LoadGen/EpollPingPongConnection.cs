using System.Net.Sockets;
using Netwright.Interop;

namespace Netwright.LoadGen;

/// <summary>
/// One ping-pong connection driven by <see cref="EpollEngine"/>: sends a message, reads and checks its reply
/// as it arrives, then sends the next, with direct send/recv calls on the engine thread.
/// </summary>
internal sealed class EpollPingPongConnection : EpollConnection
{
    private readonly int _size;
    private readonly int _replyLength;
    private readonly PingPongExchange _exchange;
    private readonly byte[] _receiveBuffer;
    private ReadOnlyMemory<byte> _payload;
    private long _number;
    private long _started;
    private int _sent;
    private int _received;

    public EpollPingPongConnection(int id, Socket socket, RunControl run, BenchErrors errors, int size, BenchReply reply, EpollEngine engine)
        : base(id, socket, run, errors, engine)
    {
        _size = size;
        _exchange = new PingPongExchange(id, size, reply);
        _replyLength = _exchange.ReplyLength;
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(_replyLength, pinned: true);
    }

    /// <summary>Sends the first message (engine thread).</summary>
    public override void Start() => SendNext();

    /// <inheritdoc/>
    public override void OnReady(uint events)
    {
        if (IsFinished)
        {
            return;
        }

        if (IsWaitingToSend && (events & LibC.EPOLLOUT) != 0)
        {
            TrySend();
        }

        // The echo is read even while the rest of a large message waits for room: reading it is what lets the
        // server go on, and EPOLLIN stays watched meanwhile, so leaving it unread would spin (level-triggered, epoll(7)).
        if (!IsFinished && (!IsWaitingToSend || (events & LibC.EPOLLIN) != 0))
        {
            TryReceive();
        }
    }

    private void SendNext()
    {
        if (Run.IsStopping)
        {
            Finish();
            return;
        }

        _payload = _exchange.Begin(_number);
        _started = Now();
        BeginOperation(_started);
        _sent = 0;
        _received = 0;
        TrySend();
    }

    private void TrySend()
    {
        // The socket buffer fills only with large messages: then wait for EPOLLOUT and go on.
        while (_sent < _size && TrySendOnce(_payload.Span[_sent..], LibC.MSG_NOSIGNAL, LibC.EPOLLIN | LibC.EPOLLOUT, out var count))
        {
            _sent += count;
        }
    }

    private void TryReceive()
    {
        while (_received < _replyLength)
        {
            var count = ReceiveOnce(_receiveBuffer.AsSpan(_received, _replyLength - _received));
            if (count > 0)
            {
                if (!VerifyReply(_exchange, _receiveBuffer.AsSpan(0, _received + (int)count), _received))
                {
                    Finish();
                    return;
                }

                _received += (int)count;
                continue;
            }

            if (count == 0)
            {
                Fail(BenchErrorKind.Reset, FormattableString.Invariant($"closed by the server after {(_number * _replyLength) + _received} reply bytes"));
                Finish();
                return;
            }

            if (RetryAfterReceiveError())
            {
                continue;
            }

            return;
        }

        if (_sent < _size)
        {
            // Only a server that answers before the request is complete gets here; the next exchange would
            // start in the middle of this one's bytes.
            Fail(BenchErrorKind.Other, FormattableString.Invariant($"the whole reply arrived before request {_number} was sent"));
            Finish();
            return;
        }

        var finished = Now();
        EndOperation();
        _number++;
        AddProgress(1);
        if (Run.IsMeasuring(finished))
        {
            MeasuredExchanges++;
            MeasuredBytes += _size;
            Latency.Record(RunControl.ToNanoseconds(finished - _started));
        }

        SendNext();
    }
}
