using Netwright.Servers;
using Netwright.Streams;

namespace Netwright.Services.Greet;

/// <summary>The greeting service in the handler style: sends <see cref="Greeting.Text"/> and closes.</summary>
internal sealed class GreetHandler : ConnectionHandler
{
    /// <inheritdoc/>
    public override Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.WriteAsync(Greeting.Bytes, cancellationToken).AsTask();
    }
}
