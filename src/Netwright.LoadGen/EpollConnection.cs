using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netwright.Interop;

namespace Netwright.LoadGen;

/// <summary>
/// One socket driven by <see cref="EpollEngine"/>. The engine thread calls <see cref="Start"/>,
/// <see cref="OnReady"/>, <see cref="OnTimer"/> and <see cref="ProcessAbort"/>, and is the only thread that
/// touches the connection's state, its counters and its socket until <see cref="RunCoreAsync"/>'s task completes.
/// </summary>
internal abstract class EpollConnection : BenchWorker
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _abortRequest;

    protected EpollConnection(int id, Socket socket, RunControl run, BenchErrors errors, EpollEngine engine)
        : base(id, socket, run, errors)
    {
        Engine = engine;
        socket.Blocking = false;
        FileDescriptor = (int)socket.SafeHandle.DangerousGetHandle();
    }

    /// <summary>Gets or sets the connection's position in the engine's list, which is also its epoll data.</summary>
    public int Index { get; set; }

    /// <summary>Gets the socket's file descriptor, registered with the engine's epoll set.</summary>
    public int FileDescriptor { get; }

    /// <summary>Gets whether the connection has finished (successfully or not).</summary>
    public bool IsFinished { get; private set; }

    /// <summary>Gets whether the engine should call <see cref="ProcessAbort"/>.</summary>
    public bool AbortRequested => Volatile.Read(ref _abortRequest) != 0;

    protected EpollEngine Engine { get; }

    /// <summary>Asks the engine thread to close this connection; the socket is not touched here.</summary>
    public override void Abort(bool timedOut)
    {
        Interlocked.CompareExchange(ref _abortRequest, timedOut ? 1 : 2, 0);
        Engine.NotifyAbort();
    }

    /// <summary>Starts the first exchange (engine thread).</summary>
    public abstract void Start();

    /// <summary>Handles readiness reported by epoll (engine thread).</summary>
    public abstract void OnReady(uint events);

    /// <summary>Handles a timer pass (engine thread); connections with a deadline ask for the next pass again.</summary>
    public virtual void OnTimer(long now)
    {
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

    /// <summary>Fails the connection with the error <paramref name="errno"/> of <paramref name="operation"/> and finishes it.</summary>
    protected void FailWith(int errno, string operation)
    {
        var error = Errno.ToSocketException(errno);
        FailAndFinish(BenchErrors.Classify(error.SocketErrorCode), $"{operation}: {error.Message}");
    }

    /// <summary>Receives once into <paramref name="buffer"/>: the count, 0 at end of stream, or -1 with the errno set.</summary>
    protected unsafe nint ReceiveOnce(Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            return LibC.Recv(FileDescriptor, pointer, (nuint)buffer.Length, 0);
        }
    }

    /// <summary>
    /// Judges a failed receive by its errno: true to retry at once (EINTR); false to wait for the next readiness
    /// (EAGAIN) or, for any other error, after failing and finishing the connection.
    /// </summary>
    protected bool RetryAfterReceiveError()
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno == LibC.EINTR)
        {
            return true;
        }

        if (errno != LibC.EAGAIN)
        {
            FailWith(errno, "recv");
        }

        return false;
    }

    /// <summary>Gets whether a send is waiting for room in the socket buffer (EPOLLOUT is watched).</summary>
    protected bool IsWaitingToSend { get; private set; }

    /// <summary>
    /// Sends <paramref name="data"/> once, retrying on EINTR. On a full socket buffer starts watching
    /// <paramref name="whileWaiting"/> (which must include EPOLLOUT) and returns false; on an error fails the
    /// connection and returns false. Once a send goes through after a wait, watches EPOLLIN alone again.
    /// </summary>
    /// <returns>True with the bytes taken in <paramref name="sent"/>.</returns>
    protected bool TrySendOnce(ReadOnlySpan<byte> data, int flags, uint whileWaiting, out int sent)
    {
        sent = 0;
        while (true)
        {
            var count = SendOnce(data, flags);
            if (count >= 0)
            {
                sent = (int)count;
                if (IsWaitingToSend)
                {
                    IsWaitingToSend = false;
                    Engine.Watch(this, LibC.EPOLLIN);
                }

                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR)
            {
                continue;
            }

            if (errno == LibC.EAGAIN)
            {
                if (!IsWaitingToSend)
                {
                    IsWaitingToSend = true;
                    Engine.Watch(this, whileWaiting);
                }

                return false;
            }

            FailWith(errno, "send");
            return false;
        }
    }

    private unsafe nint SendOnce(ReadOnlySpan<byte> data, int flags)
    {
        fixed (byte* pointer = data)
        {
            return LibC.Send(FileDescriptor, pointer, (nuint)data.Length, flags);
        }
    }

    /// <summary>Stops watching the socket and completes the worker; the worker then disposes the socket.</summary>
    protected void Finish()
    {
        if (IsFinished)
        {
            return;
        }

        IsFinished = true;
        EndOperation();
        Engine.Remove(this);
        _finished.TrySetResult();
    }
}
