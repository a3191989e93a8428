using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netwright.Cli.Commands.Bench;

/// <summary>
/// One ping-pong connection driven by <see cref="EpollPingPongEngine"/>: the engine thread calls
/// <see cref="Start"/> and <see cref="OnReady"/>, and is the only thread that touches its state, its
/// counters and its socket until <see cref="RunCoreAsync"/>'s task completes.
/// </summary>
internal sealed class EpollPingPongConnection : BenchWorker
{
    private readonly EpollPingPongEngine _engine;
    private readonly int _fd;
    private readonly int _size;
    private readonly int _replyLength;
    private readonly PingPongExchange _exchange;
    private readonly byte[] _receiveBuffer;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadOnlyMemory<byte> _payload;
    private long _number;
    private long _started;
    private int _sent;
    private int _received;
    private bool _waitingToSend;
    private int _abortRequest;

    public EpollPingPongConnection(int index, int id, Socket socket, RunControl run, BenchErrors errors, int size, BenchReply reply, EpollPingPongEngine engine)
        : base(id, socket, run, errors)
    {
        Index = index;
        _engine = engine;
        _size = size;
        _exchange = new PingPongExchange(id, size, reply);
        _replyLength = _exchange.ReplyLength;
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(_replyLength, pinned: true);
        socket.Blocking = false;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
    }

    /// <summary>Gets the connection's position in the engine's list, which is also its epoll data.</summary>
    public int Index { get; }

    /// <summary>Gets the socket's file descriptor, registered with the engine's epoll set.</summary>
    public int FileDescriptor => _fd;

    /// <summary>Gets whether the connection has finished (successfully or not).</summary>
    public bool IsFinished { get; private set; }

    /// <summary>Gets whether the engine should look at <see cref="ProcessAbort"/>.</summary>
    public bool AbortRequested => Volatile.Read(ref _abortRequest) != 0;

    /// <summary>Asks the engine thread to close this connection; the socket is not touched here.</summary>
    public override void Abort(bool timedOut)
    {
        Interlocked.CompareExchange(ref _abortRequest, timedOut ? 1 : 2, 0);
        _engine.NotifyAbort();
    }

    /// <summary>Sends the first message (engine thread).</summary>
    public void Start() => SendNext();

    /// <summary>Handles readiness reported by epoll (engine thread).</summary>
    public void OnReady(uint events)
    {
        if (IsFinished)
        {
            return;
        }

        if (_waitingToSend && (events & EpollInterop.EpollOut) != 0)
        {
            TrySend();
            return;
        }

        if (!_waitingToSend)
        {
            TryReceive();
        }
    }

    /// <summary>Closes the connection as <see cref="Abort"/> asked (engine thread).</summary>
    public void ProcessAbort()
    {
        if (IsFinished)
        {
            return;
        }

        if (Volatile.Read(ref _abortRequest) == 1)
        {
            Fail(BenchErrorKind.Timeout, "no echo within the timeout");
        }

        Finish();
    }

    /// <summary>Ends the connection with an error (engine thread, or after the engine thread died).</summary>
    public void FailAndFinish(BenchErrorKind kind, string message)
    {
        if (IsFinished)
        {
            return;
        }

        Fail(kind, message);
        Finish();
    }

    protected override Task RunCoreAsync() => _finished.Task;

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
        while (_sent < _size)
        {
            var count = EpollInterop.Send(_fd, ref MemoryMarshal.GetReference(_payload.Span[_sent..]), _size - _sent, EpollInterop.MsgNoSignal);
            if (count > 0)
            {
                _sent += (int)count;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EpollInterop.EINTR)
            {
                continue;
            }

            if (errno == EpollInterop.EAGAIN)
            {
                // The socket buffer is full (large messages): wait for EPOLLOUT, then go on.
                if (!_waitingToSend)
                {
                    _waitingToSend = true;
                    _engine.Watch(this, EpollInterop.EpollIn | EpollInterop.EpollOut);
                }

                return;
            }

            FailWith(errno, "send");
            return;
        }

        if (_waitingToSend)
        {
            _waitingToSend = false;
            _engine.Watch(this, EpollInterop.EpollIn);
        }
    }

    private void TryReceive()
    {
        while (_received < _replyLength)
        {
            var count = EpollInterop.Receive(_fd, ref _receiveBuffer[_received], _replyLength - _received, 0);
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

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EpollInterop.EINTR)
            {
                continue;
            }

            if (errno != EpollInterop.EAGAIN)
            {
                FailWith(errno, "recv");
            }

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

    private void FailWith(int errno, string operation)
    {
        Fail(EpollInterop.Classify(errno), $"{operation}: {Marshal.GetPInvokeErrorMessage(errno)}");
        Finish();
    }

    private void Finish()
    {
        if (IsFinished)
        {
            return;
        }

        IsFinished = true;
        EndOperation();
        _engine.Remove(this);
        _finished.TrySetResult();
    }
}
