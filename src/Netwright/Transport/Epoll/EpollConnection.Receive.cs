using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Netwright.Errors;
using Netwright.Interop;

namespace Netwright.Transport.Epoll;

internal sealed partial class EpollConnection
{
    private readonly Action _onFlushed;
    private int _receiveSizeHint;
    private ValueTask<FlushResult> _pendingFlush;
    private bool _receiveEnded;
    private volatile bool _draining;

    /// <summary>
    /// One receive per readiness report (level-triggered: if more is waiting the next <c>epoll_wait</c> says so).
    /// The buffer is rented only now, so an idle connection holds none. Runs on the reactor thread.
    /// </summary>
    private void OnReadable()
    {
        if (_receiveEnded)
        {
            return;
        }

        if (_draining)
        {
            Discard();
            return;
        }

        var writer = _input.Writer;
        var memory = writer.GetMemory(_receiveSizeHint);
        var received = Receive(memory.Span);
        if (received > 0)
        {
            writer.Advance(received);
            Touch(received, ref _bytesReceived);
            _receiveSizeHint = NextSizeHint(_receiveSizeHint, received, memory.Length);
            // The ValueTask is consumed exactly once: here when complete, else by OnFlushed.
#pragma warning disable CA2012
            var flush = writer.FlushAsync();
#pragma warning restore CA2012
            if (flush.IsCompleted)
            {
                AfterFlush(flush.Result);
                return;
            }

            // The application is behind: stop reading until it catches up (the pipe's back-pressure).
            // Interest goes first, so the continuation that restores it always comes after.
            SetInterest(0, LibC.EPOLLIN);
            _pendingFlush = flush;
            flush.GetAwaiter().UnsafeOnCompleted(_onFlushed);
        }
        else if (received == 0)
        {
            // The peer's FIN is only a half-close: the application sees the end of Input and may still reply.
            EndReceive(_abortReason, fireClosed: false);
        }
        else if (received != -LibC.EAGAIN)
        {
            EndReceive(ReceiveError(-received), fireClosed: _abortReason is null);
        }
    }

    /// <summary>Resumes receiving once a held-back flush completes; runs on whichever thread released it.</summary>
    private void OnFlushed()
    {
        FlushResult result;
        try
        {
            result = _pendingFlush.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _pendingFlush = default;
            _reactor.Post(() => EndReceive(ex, fireClosed: true));
            return;
        }

        _pendingFlush = default;
        if (result.IsCanceled)
        {
            _reactor.Post(() => EndReceive(null, fireClosed: false));
            return;
        }

        AfterFlush(result);
        SetInterest(LibC.EPOLLIN, 0);
    }

    private void AfterFlush(FlushResult result)
    {
        if (result.IsCompleted)
        {
            // The application stopped reading but the peer may still be sending. Closing now would turn our FIN
            // into a RST that can destroy the last reply in flight, so read and discard until the peer closes;
            // DisposeAsync bounds how long.
            _draining = true;
        }
        else if (result.IsCanceled)
        {
            EndReceive(null, fireClosed: false);
        }
    }

    private void Discard()
    {
        var received = Receive(_reactor.Scratch);
        if (received == 0)
        {
            EndReceive(_abortReason, fireClosed: false);
        }
        else if (received < 0 && received != -LibC.EAGAIN)
        {
            EndReceive(ReceiveError(-received), fireClosed: _abortReason is null);
        }
    }

    /// <summary>Completes the input pipe once (on the reactor thread) and stops input interest.</summary>
    private void EndReceive(Exception? error, bool fireClosed)
    {
        if (_receiveEnded)
        {
            return;
        }

        _receiveEnded = true;
        SetInterest(0, LibC.EPOLLIN);
        _input.Writer.Complete(error);
        // A reset or an abort ends the connection; the peer's clean FIN does not.
        if (fireClosed)
        {
            FireClosed();
        }

        _receiveDone.TrySetResult();
    }

    private Exception? ReceiveError(int errno)
    {
        if (_abortReason is not null || Volatile.Read(ref _closeRequested) != 0)
        {
            return _abortReason;
        }

        return SocketErrors.ConnectionLost(Errno.ToSocketException(errno), Id, sending: false);
    }

    /// <summary>Receives once, retrying on EINTR (a signal interrupted it, signal(7)); returns the count, 0 at end of stream, or minus the error number.</summary>
    private unsafe int Receive(Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                var received = LibC.Recv(_handle.Fd, pointer, (nuint)buffer.Length, 0);
                if (received >= 0)
                {
                    return (int)received;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    return -errno;
                }
            }
        }
    }
}
