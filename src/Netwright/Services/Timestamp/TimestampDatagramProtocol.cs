using System.Net;
using Netwright.Protocols;

namespace Netwright.Services.Timestamp;

/// <summary>The timestamp service over datagrams in the event style; behaves exactly like <see cref="TimestampDatagramHandler"/>.</summary>
/// <param name="clock">The clock; null for the system clock.</param>
internal sealed class TimestampDatagramProtocol(TimeProvider? clock = null) : DatagramProtocol
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    public override void OnDatagramReceived(ReadOnlyMemory<byte> data, EndPoint? sender) => Reply(TimestampDatagramReply.For(data.Span, _clock));
}
