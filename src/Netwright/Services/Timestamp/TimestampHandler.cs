using Netwright.Framing;
using Netwright.Servers;
using Netwright.Streams;

namespace Netwright.Services.Timestamp;

/// <summary>
/// The timestamp service in the handler style (the seeds' <c>tsTserv.py</c>/<c>tsTservSS.py</c>): each line
/// is answered with <c>[ctime] line</c>, in order, until the client closes.
/// </summary>
/// <param name="clock">The clock; null for the system clock.</param>
public sealed class TimestampHandler(TimeProvider? clock = null) : ConnectionHandler
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        while (true)
        {
            string? line;
            try
            {
                line = await session.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FramingException error)
            {
                await session.WriteLineAsync(TimestampReply.ForError(error), cancellationToken).ConfigureAwait(false);
                if (TimestampReply.ClosesConnection(error))
                {
                    throw;
                }

                continue;
            }

            if (line is null)
            {
                return;
            }

            await session.WriteLineAsync(TimestampReply.For(line, _clock), cancellationToken).ConfigureAwait(false);
        }
    }
}
