using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Netwright.Transport.Internal;

/// <summary>
/// One reusable receive or send on a socket, awaited as a <see cref="ValueTask{TResult}"/> of the bytes moved.
/// A failure surfaces as a plain <see cref="SocketException"/>: <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/>
/// builds its exception for a synchronous failure with <c>ExceptionDispatchInfo.SetCurrentStackTrace</c>, which
/// formats the stack with file and line information, and that cost about 150 µs of CPU for every connection a
/// peer reset before we accepted it (connect-then-reset loops then outran the accept loop). Each connection owns
/// one for its receive loop and one for its send loop; an operation is never started while another is pending.
/// </summary>
internal sealed class SocketOperation : SocketAsyncEventArgs, IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _source;

    public SocketOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Receives into <paramref name="buffer"/> (empty: waits until data is readable, as a zero-byte receive does).</summary>
    public ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        BufferList = null;
        SetBuffer(buffer);
        return Complete(socket.ReceiveAsync(this));
    }

    /// <summary>Sends all of <paramref name="buffer"/>.</summary>
    public ValueTask<int> SendAsync(Socket socket, ReadOnlyMemory<byte> buffer)
    {
        BufferList = null;
        SetBuffer(MemoryMarshal.AsMemory(buffer));
        return Complete(socket.SendAsync(this));
    }

    /// <summary>Sends all of <paramref name="segments"/> in one gathering system call.</summary>
    public ValueTask<int> SendAsync(Socket socket, IList<ArraySegment<byte>> segments)
    {
        SetBuffer(null, 0, 0);
        BufferList = segments;
        return Complete(socket.SendAsync(this));
    }

    int IValueTaskSource<int>.GetResult(short token)
    {
        try
        {
            return _source.GetResult(token);
        }
        finally
        {
            _source.Reset();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    protected override void OnCompleted(SocketAsyncEventArgs e)
    {
        if (SocketError == SocketError.Success)
        {
            _source.SetResult(BytesTransferred);
        }
        else
        {
            _source.SetException(new SocketException((int)SocketError));
        }
    }

    private ValueTask<int> Complete(bool pending)
    {
        if (pending)
        {
            return new ValueTask<int>(this, _source.Version);
        }

        return SocketError == SocketError.Success
            ? new ValueTask<int>(BytesTransferred)
            : ValueTask.FromException<int>(new SocketException((int)SocketError));
    }
}
