namespace Netwright.Transport.Internal;

/// <summary>
/// The engine-specific half of a <see cref="StreamListener"/>: it accepts on an already listening socket
/// and wraps each accepted one in that engine's <see cref="Connection"/>.
/// </summary>
internal interface IStreamListenerCore
{
    /// <summary>Waits for the next connection; null once <see cref="Unbind"/> has been called.</summary>
    ValueTask<Connection?> AcceptAsync(CancellationToken cancellationToken);

    /// <summary>Stops accepting and closes the listening socket; called once.</summary>
    void Unbind();
}
