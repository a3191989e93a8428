using Netwright.Framing;
using Netwright.Protocols;

namespace Netwright.Services.Timestamp;

/// <summary>
/// The timestamp service in the event style (the seeds' <c>tsTservTW.py</c>): each line is answered with
/// <c>[ctime] line</c>. Behaves exactly like <see cref="TimestampHandler"/>.
/// </summary>
/// <param name="clock">The clock; null for the system clock.</param>
public sealed class TimestampProtocol(TimeProvider? clock = null) : LineProtocol
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    public override void OnLineReceived(string line) => SendLine(TimestampReply.For(line, _clock));

    /// <inheritdoc/>
    public override void OnLineRejected(FramingException error)
    {
        SendLine(TimestampReply.ForError(error));
        if (TimestampReply.ClosesConnection(error))
        {
            Transport.LoseConnection();
        }
    }
}
