using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Netwright.Framing;

namespace Netwright.Streams;

public sealed partial class StreamSession
{
    /// <summary>How many lines may be read back to back without waiting before a read yields the thread.</summary>
    private const int MaxLinesInARow = 256;

    private bool _discardingLongLine;
    private long _partialLength = -1;
    private ReadOnlySequence<byte> _line;
    private SequencePosition _lineConsumed;
    private bool _linePending;
    private LineWait? _lineWait;

    private int _linesInARow;

    /// <summary>When the line now waiting for its newline began to arrive; 0 when none waits.</summary>
    private long _lineStarted;

    /// <summary>Reads the next line, without its line ending.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// The line; the last bytes before the end of the stream count as a line even without a newline;
    /// null at the end of the stream, or once a graceful stop is requested and no whole line is buffered.
    /// </returns>
    /// <exception cref="FramingException">
    /// The line is longer than the limit, or is not UTF-8. The bad line is skipped, so the caller may answer
    /// with an error and keep reading.
    /// </exception>
    /// <exception cref="Errors.ConnectionResetException">The peer reset the connection.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        if (await ReadLineBytesAsync(cancellationToken).ConfigureAwait(false) is not { } line)
        {
            return null;
        }

        _linePending = false;
        try
        {
            return LineText.Decode(line);
        }
        finally
        {
            // Consumed even when the text is not UTF-8, so the next read moves on to the next line.
            ConsumeLine();
        }
    }

    /// <summary>
    /// Reads the next line as raw bytes, without its line ending and without decoding or copying it: the
    /// zero-allocation form of <see cref="ReadLineAsync"/> for handlers that answer in bytes.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// The line, which slices the session's read buffer and stays valid only until the next read of this
    /// session; null at the end of the stream or once a graceful stop is requested. The bytes are not checked
    /// for UTF-8.
    /// </returns>
    /// <exception cref="FramingException">The line is longer than the limit; it is skipped.</exception>
    /// <exception cref="Errors.ConnectionResetException">The peer reset the connection.</exception>
    public ValueTask<ReadOnlySequence<byte>?> ReadLineBytesAsync(CancellationToken cancellationToken = default)
    {
        // Request/reply handlers call this once per message and nearly always wait: the wait is completed by the
        // session's one reusable LineWait rather than an async state machine, which costs a pooled box and another
        // resumption per message.
        ConsumePendingLine();
        try
        {
            if (!RunLineLoop(null, false, cancellationToken, out var line, out var pending, out var waitForPartial))
            {
                _linesInARow = 0;
                return (_lineWait ??= new LineWait(this)).Start(pending, waitForPartial, cancellationToken);
            }

            if (++_linesInARow < MaxLinesInARow)
            {
                return new ValueTask<ReadOnlySequence<byte>?>(line);
            }

            // A client that pipelines a flood (262,144 empty lines) keeps lines waiting, so a handler answering them would
            // run on this thread (the receive loop's, whose flush resumed it) until the flood is done, and a fresh client
            // waited seconds for a thread; give the others a turn, as the receive loops do.
            _linesInARow = 0;
            return YieldThenReturnAsync(line);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return ValueTask.FromException<ReadOnlySequence<byte>?>(error);
        }
    }

    private static async ValueTask<ReadOnlySequence<byte>?> YieldThenReturnAsync(ReadOnlySequence<byte>? line)
    {
        // The line stays valid: it slices the read buffer, which only the next read of this session moves on.
        await Task.Yield();
        return line;
    }

    /// <summary>
    /// Reads until a line is held or the stream ends, starting from <paramref name="first"/> when a read has just
    /// completed.
    /// </summary>
    /// <returns>
    /// True when done: <paramref name="line"/> is the line, or null at the end. False when the next read must wait:
    /// <paramref name="pending"/> is that read and <paramref name="pendingWaitsForPartial"/> whether it waits on
    /// the partial-line delay.
    /// </returns>
    private bool RunLineLoop(
        ReadResult? first,
        bool firstWaitsForPartial,
        CancellationToken cancellationToken,
        out ReadOnlySequence<byte>? line,
        out ValueTask<ReadResult> pending,
        out bool pendingWaitsForPartial)
    {
        pending = default;
        pendingWaitsForPartial = false;
        if (first is { } completed && TryHoldLine(completed, firstWaitsForPartial))
        {
            _linePending = true;
            line = _line;
            return true;
        }

        while (!_endOfStream)
        {
            var waitForPartial = BeforeLineRead();
            var read = _input.ReadAsync(cancellationToken);
            if (!read.IsCompleted)
            {
                pending = read;
                pendingWaitsForPartial = waitForPartial;
                line = null;
                return false;
            }

            ReadResult result;
            try
            {
                result = read.GetAwaiter().GetResult();
            }
            finally
            {
                _partialArmed = false;
            }

            if (TryHoldLine(result, waitForPartial))
            {
                _linePending = true;
                line = _line;
                return true;
            }
        }

        line = null;
        return true;
    }

    /// <summary>Arms the partial-line delay when a partial line waits, and keeps a requested stop from waiting.</summary>
    /// <returns>Whether this read waits for the rest of a partial line.</returns>
    private bool BeforeLineRead()
    {
        var waitForPartial = _partialLength > 0 && !_stopRequested && _options.PartialLineDelay != Timeout.InfiniteTimeSpan;
        var delay = waitForPartial ? _options.PartialLineDelay : Timeout.InfiniteTimeSpan;
        if (LineTimeLeft is { } left && !_stopRequested)
        {
            // The timer also wakes the read when the line's time runs out (slowloris), whichever comes first.
            left = left < TimeSpan.Zero ? TimeSpan.Zero : left;
            delay = delay == Timeout.InfiniteTimeSpan || left < delay ? left : delay;
        }

        if (delay != Timeout.InfiniteTimeSpan)
        {
            ArmPartialTimer(delay);
        }

        if (_stopRequested)
        {
            // The stop's own CancelPendingRead is used up by one read: without this the next read would wait.
            _input.CancelPendingRead();
        }

        return waitForPartial;
    }

    /// <summary>
    /// Looks for the next line in what one read returned and leaves it in <see cref="_line"/>, not yet consumed.
    /// </summary>
    /// <returns>True when a line is held; false when more input is needed or the stream ended.</returns>
    private bool TryHoldLine(in ReadResult result, bool waitForPartial)
    {
        if (_discardingLongLine)
        {
            SkipRestOfLongLine(result);
            return false;
        }

        // Made on first use: byte-oriented handlers (echo) never pay for it.
        var framer = _framer ??= new LineFramer { MaxLineLength = _options.MaxLineLength };
        var buffer = result.Buffer;
        var rest = buffer;
        switch (framer.TryReadLine(ref rest, out var line))
        {
            case LineReadStatus.Line:
                _partialLength = -1;
                _lineStarted = 0;
                return HoldLine(line, rest.Start);
            case LineReadStatus.TooLong:
                _discardingLongLine = true;
                _partialLength = -1;
                _lineStarted = 0;
                _input.AdvanceTo(buffer.Start);
                throw new FramingException(FramingError.LineTooLong, $"line longer than {framer.MaxLineLength} bytes");
        }

        if (result.IsCompleted || (_stopRequested && result.IsCanceled))
        {
            // The peer is done, or we are stopping: what is buffered is the last message.
            _endOfStream = true;
            if (framer.TryReadFinalLine(buffer, out line))
            {
                return HoldLine(line, buffer.End);
            }

            _input.AdvanceTo(buffer.End);
            return false;
        }

        if (result.IsCanceled && LineTimeLeft is { } left && left <= TimeSpan.Zero)
        {
            // The line began too long ago (slowloris): drop it and the rest of it, and report the error.
            _lineStarted = 0;
            _partialLength = -1;
            _discardingLongLine = true;
            _input.AdvanceTo(buffer.End);
            throw new FramingException(FramingError.MessageTimeout, $"line not finished within {_options.MessageTimeout.TotalSeconds:0.###} s");
        }

        if (result.IsCanceled && waitForPartial && buffer.Length == _partialLength)
        {
            // Nothing more came within the delay: the sender is waiting for an answer to this text.
            _partialLength = -1;
            framer.TryReadFinalLine(buffer, out line);
            return HoldLine(line, buffer.End);
        }

        _partialLength = buffer.IsEmpty ? -1 : buffer.Length;
        if (buffer.IsEmpty)
        {
            _lineStarted = 0;
        }
        else if (_lineStarted == 0 && _options.MessageTimeout != Timeout.InfiniteTimeSpan)
        {
            _lineStarted = _options.TimeProvider.GetTimestamp();
        }

        _input.AdvanceTo(buffer.Start, buffer.End);
        return false;
    }

    /// <summary>Gets how long the line waiting for its newline has left, or null when none is timed.</summary>
    private TimeSpan? LineTimeLeft =>
        _lineStarted == 0 ? null : _options.MessageTimeout - _options.TimeProvider.GetElapsedTime(_lineStarted);

    private bool HoldLine(in ReadOnlySequence<byte> line, SequencePosition consumed)
    {
        _line = line;
        _lineConsumed = consumed;
        return true;
    }

    private void ConsumeLine()
    {
        _line = default;
        _input.AdvanceTo(_lineConsumed);
    }

    /// <summary>Releases the line <see cref="ReadLineBytesAsync"/> handed out, before the buffer is read again.</summary>
    private void ConsumePendingLine()
    {
        if (_linePending)
        {
            _linePending = false;
            ConsumeLine();
        }
    }

    /// <summary>Drops bytes up to and including the next newline after a too-long line.</summary>
    private void SkipRestOfLongLine(ReadResult result)
    {
        var buffer = result.Buffer;
        if (buffer.PositionOf((byte)'\n') is { } newline)
        {
            _discardingLongLine = false;
            _input.AdvanceTo(buffer.GetPosition(1, newline));
            return;
        }

        _input.AdvanceTo(buffer.End);
        if (result.IsCompleted || _stopRequested)
        {
            _endOfStream = true;
        }
    }

    private void ArmPartialTimer(TimeSpan delay)
    {
        _partialTimer ??= _options.TimeProvider.CreateTimer(
            static state => ((StreamSession)state!).OnPartialDelayElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _partialArmed = true;
        _partialTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnPartialDelayElapsed()
    {
        if (_partialArmed)
        {
            _input.CancelPendingRead();
        }
    }
}
