using Netwright.Framing;

namespace Netwright.Protocols.Internal;

internal sealed partial class ProtocolRunner
{
    private readonly TimeSpan _messageTimeout;

    /// <summary>When the message now waiting for its last bytes began to arrive; 0 when none waits.</summary>
    private long _messageStarted;

    /// <summary>Starts the clock for a message that has begun, or restarts it when the last one finished and another began.</summary>
    /// <param name="messageFinished">Whether a message was consumed in this read, so the bytes left belong to a new one.</param>
    private void TimePartialMessage(bool messageFinished)
    {
        if (_messageTimeout == Timeout.InfiniteTimeSpan || !_protocol.TimesMessages)
        {
            return;
        }

        if (_messageStarted == 0 || messageFinished)
        {
            _messageStarted = _time.GetTimestamp();
        }
    }

    /// <summary>Stops the clock: no partial message waits, or what waits is held back by us (a pause, a full output), not by the peer.</summary>
    private void StopMessageClock() => _messageStarted = 0;

    /// <summary>Gets how long the waiting message has left, or null when none is timed.</summary>
    private TimeSpan? MessageTimeLeft =>
        _messageStarted == 0 ? null : _messageTimeout - _time.GetElapsedTime(_messageStarted);

    private bool IsMessageOverdue => MessageTimeLeft is { } left && left <= TimeSpan.Zero;

    /// <summary>The peer trickled a message for too long (slowloris): the protocol answers with its error, then the connection closes.</summary>
    private void TimeOutMessage()
    {
        _messageStarted = 0;
        var error = new FramingException(
            FramingError.MessageTimeout,
            $"{_protocol.MessageKind} not finished within {_messageTimeout.TotalSeconds:0.###} s");
        if (_log is { } log && log.Limiter.ShouldLog("BadInput", out var suppressed))
        {
            Diagnostics.NetwrightLog.BadInput(log.Logger, _connection.Id, error.Message, suppressed);
        }

        _dispatchThread = Environment.CurrentManagedThreadId;
        try
        {
            _protocol.OnMessageTimedOut(error);
        }
        finally
        {
            _dispatchThread = 0;
        }

        LoseConnection();
    }

    /// <summary>The delay for the stall timer: the protocol's partial-message delay, or sooner when the message's time runs out first.</summary>
    private TimeSpan NextStallDelay()
    {
        var delay = _protocol.StallDelay;
        if (MessageTimeLeft is not { } left)
        {
            return delay;
        }

        left = left < TimeSpan.Zero ? TimeSpan.Zero : left;
        return delay == Timeout.InfiniteTimeSpan || left < delay ? left : delay;
    }
}
