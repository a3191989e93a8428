using System.Buffers;
using Netwright.Framing;
using Netwright.Protocols;

namespace Netwright.Services.Timestamp;

/// <summary>
/// The timestamp service in the event style (the tutorials' <c>tsTservTW.py</c>): each line is answered with
/// <c>[ctime] line</c>. Behaves exactly like <see cref="TimestampHandler"/>.
/// </summary>
/// <param name="clock">The clock; null for the system clock.</param>
internal sealed class TimestampProtocol(TimeProvider? clock = null) : LineProtocol
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    public override void OnLineReceived(string line) => SendLine(TimestampReply.For(line, _clock));

    /// <inheritdoc/>
    protected override void OnRawLineReceived(in ReadOnlySequence<byte> line)
    {
        // The reply is built from the bytes, without decoding or allocating; OnLineReceived stays the text form.
        var length = TimestampReply.ReplyLength(line.Length);
        byte[]? rented = null;
        var reply = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = TimestampReply.Write(reply, line, _clock, out var invalid);
            if (invalid is not null)
            {
                OnLineRejected(invalid);
                return;
            }

            Transport.Write(reply[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

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
