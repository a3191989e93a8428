using System.Buffers;
using Netwright.Framing;
using Netwright.Servers;
using Netwright.Streams;

namespace Netwright.Services.Timestamp;

/// <summary>
/// The timestamp service in the handler style (the tutorials' <c>tsTserv.py</c>/<c>tsTservSS.py</c>): each line
/// is answered with <c>[ctime] line</c>, in order, until the client closes.
/// </summary>
/// <param name="clock">The clock; null for the system clock.</param>
internal sealed class TimestampHandler(TimeProvider? clock = null) : ConnectionHandler
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        while (true)
        {
            ReadOnlySequence<byte>? line;
            try
            {
                // Raw bytes, no token per call: the reply is built without decoding, copying the text or registering
                // a callback per message; an abort already ends the pipes.
                line = await session.ReadLineBytesAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (FramingException error)
            {
                await session.WriteLineAsync(TimestampReply.ForError(error), cancellationToken).ConfigureAwait(false);
                throw;
            }

            if (line is not { } bytes)
            {
                return;
            }

            var reply = session.Output.GetSpan(TimestampReply.ReplyLength(bytes.Length));
            var written = TimestampReply.Write(reply, bytes, _clock, out var invalid);
            if (invalid is not null)
            {
                // Not UTF-8: answer with the error and go on; the framing is intact.
                await session.WriteLineAsync(TimestampReply.ForError(invalid), cancellationToken).ConfigureAwait(false);
                continue;
            }

            session.Output.Advance(written);
            await session.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
