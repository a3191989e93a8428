using System.Buffers;
using Netwright.Servers;
using Netwright.Streams;

namespace Netwright.Services.Echo;

/// <summary>
/// Byte-exact echo in the handler style. Copies straight from the input pipe to the output pipe, so the
/// bytes are never copied into a separate buffer, and waits for each flush, so a peer that does not read
/// its echoes is slowed down rather than buffered without limit.
/// </summary>
internal sealed class EchoHandler : ConnectionHandler
{
    /// <inheritdoc/>
    public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var input = session.Input;
        var output = session.Output;
        while (true)
        {
            // No token on the hot path: registering one per read costs time, and an abort already completes the pipes.
            var result = await input.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                output.Write(segment.Span);
            }

            input.AdvanceTo(buffer.End);
            if (result.IsCompleted || (result.IsCanceled && session.IsStopping))
            {
                return;
            }

            var flush = await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                return;
            }
        }
    }
}
