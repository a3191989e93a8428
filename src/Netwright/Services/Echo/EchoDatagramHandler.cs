using Netwright.Applications;
using Netwright.Servers;

namespace Netwright.Services.Echo;

/// <summary>Datagram echo in the handler style: each datagram goes back to its sender unchanged.</summary>
internal sealed class EchoDatagramHandler : DatagramHandler
{
    /// <inheritdoc/>
    public override ValueTask HandleAsync(Datagram datagram, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        return datagram.CanReply ? datagram.ReplyAsync(datagram.Data) : ValueTask.CompletedTask;
    }
}
