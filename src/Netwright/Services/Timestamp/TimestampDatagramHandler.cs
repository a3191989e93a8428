using Netwright.Applications;
using Netwright.Servers;

namespace Netwright.Services.Timestamp;

/// <summary>The timestamp service over UDP or Unix datagrams in the handler style: one <c>[ctime] text</c> reply per datagram.</summary>
/// <param name="clock">The clock; null for the system clock.</param>
internal sealed class TimestampDatagramHandler(TimeProvider? clock = null) : DatagramHandler
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    public override ValueTask HandleAsync(Datagram datagram, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        return datagram.CanReply ? datagram.ReplyAsync(TimestampDatagramReply.For(datagram.Data.Span, _clock)) : ValueTask.CompletedTask;
    }
}
