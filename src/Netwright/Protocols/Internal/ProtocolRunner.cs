using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Netwright.Applications;
using Netwright.Transport;

namespace Netwright.Protocols.Internal;

/// <summary>
/// Drives one <see cref="Protocol"/> over one <see cref="Connection"/>: the reactor's job in Twisted.
/// Reads the input pipe, calls the protocol one callback at a time, flushes what it wrote after each
/// callback, and waits for the flush before reading on, so a peer that does not read slows us down
/// instead of growing memory.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim never creates a wait handle, so it holds nothing to dispose; writes may race the end of the run.")]
internal sealed partial class ProtocolRunner
{
    private Connection _connection;
    private readonly Protocol _protocol;
    private PipeReader _input;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private ITimer? _stallTimer;
    private volatile bool _stallArmed;
    private TaskCompletionSource? _resumed;
    private readonly (Microsoft.Extensions.Logging.ILogger Logger, Diagnostics.LogLimiter Limiter)? _log;

    public ProtocolRunner(Connection connection, Protocol protocol, ServerContext? server, long maxWriteBufferSize)
    {
        _connection = connection;
        _protocol = protocol;
        _input = connection.Transport.Input;
        _output = connection.Transport.Output;
        _time = server?.TimeProvider ?? TimeProvider.System;
        _stopping = server?.Stopping ?? CancellationToken.None;
        _maxBuffered = maxWriteBufferSize;
        _messageTimeout = server?.Options.MessageTimeout ?? Timeout.InfiniteTimeSpan;
        _log = server is null ? null : (server.LoggerFactory.CreateLogger<ProtocolRunner>(), server.LogLimiter);
        protocol.Attach(this, server);
    }

    public async Task RunAsync()
    {
        Exception? reason = null;
        using var stopRegistration = _stopping.UnsafeRegister(static state => ((ProtocolRunner)state!).LoseConnection(), this);
        try
        {
            Dispatch(default, static (p, _) => { p.OnConnected(); return true; });
            await FlushAsync().ConfigureAwait(false);
            await UpgradeIfRequestedAsync().ConfigureAwait(false);
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            reason = ex;
        }
        finally
        {
            _closing = true;
            _stallTimer?.Dispose();
        }

        if (reason is null && !_aborted)
        {
            reason = await CompleteOutputAsync().ConfigureAwait(false);
        }

        await CloseTlsAsync().ConfigureAwait(false);
        _protocol.OnConnectionLost(reason is Errors.ConnectionAbortedException && _aborted ? null : reason);
        if (reason is not null && !IsPeerFailure(reason))
        {
            // A bug in a callback: the server logs it as a handler failure and closes this connection only.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(reason);
        }
    }

    private async Task ReadLoopAsync()
    {
        while (!_closing)
        {
            if (_resumed is { } resumed)
            {
                await resumed.Task.ConfigureAwait(false);
                // Messages left buffered by the pause are delivered now, not when the next bytes arrive.
                _redeliver = true;
                _input.CancelPendingRead();
                continue;
            }

            var result = await _input.ReadAsync().ConfigureAwait(false);
            _stallArmed = false;
            var buffer = result.Buffer;
            if (_closing)
            {
                _input.AdvanceTo(buffer.End);
                break;
            }

            if (result.IsCanceled && !result.IsCompleted && IsMessageOverdue)
            {
                TimeOutMessage();
                _input.AdvanceTo(buffer.End);
                break;
            }

            var consumed = buffer.Start;
            var redeliver = _redeliver;
            _redeliver = false;
            if (redeliver && !buffer.IsEmpty)
            {
                consumed = Dispatch(buffer, static (p, d) => p.Deliver(d));
            }
            else if (result.IsCanceled && !buffer.IsEmpty && buffer.Length == _lastUnconsumed && !IsReadingPaused)
            {
                consumed = Dispatch(buffer, static (p, d) => p.DeliverStalled(d));
            }
            else if (!buffer.IsEmpty)
            {
                consumed = Dispatch(buffer, static (p, d) => p.Deliver(d));
            }

            if (result.IsCompleted)
            {
                var remaining = buffer.Slice(consumed);
                if (!_closing && !remaining.IsEmpty)
                {
                    Dispatch(remaining, static (p, d) => { p.DeliverEndOfStream(d); return true; });
                }

                _input.AdvanceTo(buffer.End);
                await FlushAsync().ConfigureAwait(false);
                break;
            }

            var finished = buffer.Slice(consumed).Length != buffer.Length;
            _lastUnconsumed = buffer.Slice(consumed).Length;
            if (_tlsRequest is not null)
            {
                // Not examined: bytes after the request to start TLS may be the peer's first TLS bytes.
                _input.AdvanceTo(consumed);
                await FlushAsync().ConfigureAwait(false);
                await UpgradeIfRequestedAsync().ConfigureAwait(false);
                continue;
            }

            _input.AdvanceTo(consumed, buffer.End);
            var heldForOutput = _heldForOutput;
            _heldForOutput = false;
            await FlushAsync(force: heldForOutput).ConfigureAwait(false);
            if (heldForOutput && _lastUnconsumed > 0)
            {
                StopMessageClock();
                if (!_closing && Interlocked.Read(ref _written) - _connection.BytesSent >= _maxBuffered)
                {
                    // Our pipe has drained but a layer below it (TLS) still holds the bytes: wait a little for the
                    // peer to read rather than spin on a redelivery that would be held again at once.
                    await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
                }

                // The flush waited until the peer read enough: deliver the messages held back now.
                _redeliver = true;
                _input.CancelPendingRead();
            }
            else if (_lastUnconsumed > 0 && !IsReadingPaused)
            {
                TimePartialMessage(finished);
                ArmStallTimer();
            }
            else
            {
                StopMessageClock();
            }
        }
    }

    private long _lastUnconsumed;
    private bool _redeliver;

    /// <summary>Gets whether <see cref="PauseReading"/> is in force; framing protocols stop delivering buffered messages.</summary>
    internal bool IsReadingPaused => _resumed is not null;

    /// <summary>
    /// Gets whether framing protocols must stop delivering buffered messages: reading is paused, or the bytes written
    /// and not yet sent reached the write limit. A client that pipelines thousands of requests then gets its replies
    /// as it reads them (back-pressure), as in the handler style, rather than having them all queued at once.
    /// </summary>
    internal bool IsDeliveryHeld
    {
        get
        {
            if (IsReadingPaused)
            {
                return true;
            }

            if (Interlocked.Read(ref _written) - _connection.BytesSent < _maxBuffered)
            {
                return false;
            }

            _heldForOutput = true;
            return true;
        }
    }

    private bool _heldForOutput;

    /// <summary>Runs one protocol callback, marking it so writes made inside are flushed by the loop after it returns.</summary>
    private TResult Dispatch<TResult>(ReadOnlySequence<byte> data, Func<Protocol, ReadOnlySequence<byte>, TResult> callback)
    {
        _dispatchThread = Environment.CurrentManagedThreadId;
        try
        {
            return callback(_protocol, data);
        }
        finally
        {
            _dispatchThread = 0;
        }
    }

    private void ArmStallTimer()
    {
        var delay = NextStallDelay();
        if (delay == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _stallTimer ??= _time.CreateTimer(static state => ((ProtocolRunner)state!).OnStallElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _stallArmed = true;
        _stallTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnStallElapsed()
    {
        if (_stallArmed)
        {
            _input.CancelPendingRead();
        }
    }

    private static bool IsPeerFailure(Exception error) =>
        error is Errors.ConnectionResetException or Errors.ConnectionAbortedException or Errors.NetworkTimeoutException or Framing.FramingException or Errors.TlsHandshakeException;
}
