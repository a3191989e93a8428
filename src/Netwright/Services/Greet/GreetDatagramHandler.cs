using Netwright.Applications;
using Netwright.Servers;

namespace Netwright.Services.Greet;

/// <summary>The greeting over datagrams, handler style: any datagram is answered with <see cref="Greeting.Text"/>.</summary>
internal sealed class GreetDatagramHandler : DatagramHandler
{
    /// <inheritdoc/>
    public override ValueTask HandleAsync(Datagram datagram, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        return datagram.CanReply ? datagram.ReplyAsync(Greeting.Bytes) : ValueTask.CompletedTask;
    }
}
