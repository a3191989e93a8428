using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Netwright.Errors;

namespace Netwright.Protocols.Internal;

internal sealed partial class ProtocolRunner : ITransport
{
    private PipeWriter _output;
    private readonly long _maxBuffered;
    private readonly Lock _writeLock = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private long _unflushed;
    private long _written;
    private volatile int _dispatchThread;

    // A callback's own writes are flushed by the read loop after it returns; a writer on another thread (a timer,
    // a broadcast) that runs while a callback is in progress is not in that callback and must be limited itself.
    private bool IsInCallbackOnThisThread => _dispatchThread == Environment.CurrentManagedThreadId;
    private volatile bool _closing;
    private volatile bool _aborted;

    /// <summary>Gets how many unsent bytes writers outside the callbacks may pile up before the connection is dropped.</summary>
    private long AbortLimit => _maxBuffered * 2;

    public EndPoint? LocalEndPoint => _connection.LocalEndPoint;

    public EndPoint? RemoteEndPoint => _connection.RemoteEndPoint;

    public string ConnectionId => _connection.Id;

    public bool IsClosing => _closing;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (Append(data) && !IsInCallbackOnThisThread)
        {
            ObserveFlush(FlushAsync());
        }
    }

    /// <summary>Gets the bytes written but not yet handed to the socket: the send queue a chat server limits.</summary>
    internal long UnsentBytes => Transport.AtomicCounter.Read(ref _written) - _connection.BytesSent;

    /// <summary>Gets the unsent bytes past which a writer outside the callbacks gets the connection dropped.</summary>
    internal long WriteDropLimit => AbortLimit;

    /// <summary>Queues bytes without flushing, so many writes from other tasks share one flush (<see cref="FlushWritten"/>).</summary>
    internal void WriteWithoutFlush(ReadOnlySpan<byte> data) => Append(data);

    /// <summary>Flushes what <see cref="WriteWithoutFlush"/> queued; a no-op inside a callback, whose flush follows it.</summary>
    internal void FlushWritten()
    {
        if (!IsInCallbackOnThisThread)
        {
            ObserveFlush(FlushAsync());
        }
    }

    private bool Append(ReadOnlySpan<byte> data)
    {
        lock (_writeLock)
        {
            if (_closing && !IsInCallbackOnThisThread || _aborted)
            {
                return false;
            }

            if (_tlsRequest is not null)
            {
                // Written after StartTls: it must go out encrypted, once the handshake is done.
                (_afterTls ??= new ArrayBufferWriter<byte>()).Write(data);
                return false;
            }

            _output.Write(data);
            _unflushed += data.Length;
            Interlocked.Add(ref _written, data.Length);
            // The thread check last: it reads a thread static, and this runs once per line a broadcast queues.
            if (_written - _connection.BytesSent > AbortLimit && !IsInCallbackOnThisThread)
            {
                // Inside a callback the read loop waits for the flush that follows it, and framing protocols stop
                // delivering at the limit, so what a callback writes is bounded by what it was given. A writer outside
                // the callbacks (a timer, another connection's broadcast) has nothing to hold it back but this.
                var reason = $"the peer is not reading and more than {AbortLimit} bytes wait unsent";
                if (_log is { } log && log.Limiter.ShouldLog("WriteLimit", out var suppressed))
                {
                    Diagnostics.NetwrightLog.ConnectionDropped(log.Logger, _connection.Id, reason, suppressed);
                }

                _connection.Abort(new ConnectionAbortedException($"connection {_connection.Id}: {reason}"));
                _aborted = true;
                _closing = true;
                return false;
            }
        }

        return true;
    }

    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 1024)
        {
            Span<byte> buffer = stackalloc byte[max];
            Write(buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
            return;
        }

        Write(Encoding.UTF8.GetBytes(text));
    }

    public void LoseConnection()
    {
        _closing = true;
        _input.CancelPendingRead();
        _resumed?.TrySetResult();
    }

    public void Abort()
    {
        _aborted = true;
        _closing = true;
        _connection.Abort();
        _resumed?.TrySetResult();
    }

    public void PauseReading()
    {
        lock (_writeLock)
        {
            _resumed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ResumeReading()
    {
        TaskCompletionSource? resumed;
        lock (_writeLock)
        {
            resumed = _resumed;
            _resumed = null;
        }

        resumed?.TrySetResult();
    }

    /// <param name="force">Flush even with nothing new written, to wait until the output drains below its limit.</param>
    private async ValueTask FlushAsync(bool force = false)
    {
        await _flushLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ValueTask<FlushResult> pending;
            lock (_writeLock)
            {
                if ((_unflushed == 0 && !force) || _aborted)
                {
                    return;
                }

                _unflushed = 0;
                pending = _output.FlushAsync();
            }

            var result = await pending.ConfigureAwait(false);
            if (result.IsCompleted || result.IsCanceled)
            {
                // The send side is gone (peer reset or abort): stop reading and end the protocol.
                LoseConnection();
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private async Task<Exception?> CompleteOutputAsync()
    {
        try
        {
            await FlushAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException)
        {
            return ex;
        }
    }

    private static void ObserveFlush(ValueTask flush)
    {
        if (flush.IsCompletedSuccessfully)
        {
            return;
        }

        _ = flush.AsTask().ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
