using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using Netwright.Errors;
using Netwright.Interop;

namespace Netwright.Transport.Epoll;

internal sealed partial class EpollConnection : IValueTaskSource<bool>
{
    /// <summary>The most segments one gathered send carries.</summary>
    private const int MaxGather = 16;

    private ManualResetValueTaskSourceCore<bool> _writable;
    private int _writeWaiting;
    private MemoryHandle[]? _pins;
    private long _lastSendTurn = -1;

    /// <summary>Waiting for EPOLLOUT means the socket's send buffer is full with bytes still to send.</summary>
    internal override bool IsSendBlocked => Volatile.Read(ref _writeWaiting) == 1;

    /// <summary>
    /// Drains the output pipe. The pipe resumes this loop inline on the thread that flushed, so a reply goes
    /// out with a non-blocking send at once; only when the socket buffer is full does the loop wait for
    /// EPOLLOUT, and then it continues on the reactor thread.
    /// </summary>
    private async Task SendLoopAsync()
    {
        Exception? error = null;
        var reader = _output.Reader;
        var stopped = false;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                if (_reactor.IsReactorThread && !result.IsCompleted)
                {
                    // Fairness: on the reactor thread a connection sends once per turn. A client that pipelines
                    // thousands of requests would otherwise have the application answer its whole backlog here,
                    // one send per reply, while every other connection waits; now the application fills the
                    // output pipe up to its limit and the rest waits for the next turn (the sockets engine yields
                    // after a run of receives for the same reason).
                    if (_lastSendTurn == _reactor.Turn)
                    {
                        reader.AdvanceTo(result.Buffer.Start);
                        await _reactor.NextTurn();
                        _lastSendTurn = -1; // this turn's send is still to come: read again and make it
                        continue;
                    }

                    _lastSendTurn = _reactor.Turn;
                }

                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var sent = TrySend(buffer);
                    if (sent < 0)
                    {
                        error = SendError((int)-sent);
                        stopped = true;
                        break;
                    }

                    Touch(sent, ref _bytesSent);
                    buffer = buffer.Slice(sent);
                    // A partial send means the socket buffer is full, like EAGAIN: wait until it drains.
                    if (!buffer.IsEmpty && !await WaitWritableAsync().ConfigureAwait(false))
                    {
                        stopped = true;
                        break;
                    }
                }

                if (stopped)
                {
                    break;
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (!stopped && _abortReason is null)
            {
                // Everything the application wrote is out: send our FIN, keep receiving until the peer's.
                ShutdownSend();
            }
        }
        catch (ObjectDisposedException)
        {
            error = _abortReason ?? new ConnectionAbortedException($"connection {Id} was closed");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = ex;
        }
        finally
        {
            // Completing the reader makes the application's next FlushAsync report IsCompleted.
            reader.Complete(error ?? _abortReason);
            if (error is not null && _abortReason is null)
            {
                Abort(error);
            }
        }
    }

    private Exception? SendError(int errno)
    {
        if (_abortReason is not null)
        {
            return _abortReason;
        }

        return SocketErrors.ConnectionLost(Errno.ToSocketException(errno), Id, sending: true);
    }

    /// <summary>Sends what the socket takes now: the count (0 when it takes nothing), or minus the error number.</summary>
    private long TrySend(in ReadOnlySequence<byte> buffer)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            while (true)
            {
                var sent = buffer.IsSingleSegment ? SendOne(buffer.FirstSpan) : SendGathered(buffer);
                if (sent >= 0)
                {
                    return sent;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EAGAIN)
                {
                    return 0;
                }

                if (errno != LibC.EINTR)
                {
                    return -errno;
                }
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private unsafe long SendOne(ReadOnlySpan<byte> span)
    {
        fixed (byte* pointer = span)
        {
            return LibC.Send(_handle.Fd, pointer, (nuint)span.Length, LibC.MSG_NOSIGNAL);
        }
    }

    /// <summary>Several segments go out in one <c>sendmsg</c> (gather), as Kestrel does: one system call, not one per block.</summary>
    private unsafe long SendGathered(in ReadOnlySequence<byte> buffer)
    {
        _pins ??= new MemoryHandle[MaxGather];
        var vectors = stackalloc LibC.IoVector[MaxGather];
        var count = 0;
        try
        {
            foreach (var segment in buffer)
            {
                if (segment.IsEmpty)
                {
                    continue;
                }

                _pins[count] = segment.Pin();
                vectors[count].Base = (byte*)_pins[count].Pointer;
                vectors[count].Length = (nuint)segment.Length;
                if (++count == MaxGather)
                {
                    break;
                }
            }

            var message = new LibC.MessageHeader { Vectors = vectors, VectorCount = (nuint)count };
            return LibC.SendMsg(_handle.Fd, &message, LibC.MSG_NOSIGNAL);
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                _pins[i].Dispose();
            }
        }
    }

    private void ShutdownSend()
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            LibC.Shutdown(_handle.Fd, LibC.SHUT_WR);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Waits for EPOLLOUT; true when writable, false when the connection was closed meanwhile.</summary>
    private ValueTask<bool> WaitWritableAsync()
    {
        _writable.Reset();
        Interlocked.Exchange(ref _writeWaiting, 1);
        if (Volatile.Read(ref _closeRequested) != 0 && Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            return new ValueTask<bool>(false);
        }

        SetInterest(LibC.EPOLLOUT, 0);
        return new ValueTask<bool>(this, _writable.Version);
    }

    /// <summary>The socket can take more (or failed, which the next send reports); runs on the reactor thread.</summary>
    private void OnWritable()
    {
        if (Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            SetInterest(0, LibC.EPOLLOUT);
            _writable.SetResult(true);
        }
    }

    private void WakeWriter()
    {
        if (Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            _writable.SetResult(false);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _writable.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _writable.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _writable.OnCompleted(continuation, state, token, flags);
}
