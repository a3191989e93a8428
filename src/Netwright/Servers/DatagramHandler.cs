using Netwright.Applications;

namespace Netwright.Servers;

/// <summary>
/// The handler style for datagrams, like socketserver's <c>DatagramRequestHandler</c>: one async method
/// runs per datagram, with the payload, the sender and a way to reply.
/// </summary>
/// <remarks>
/// <code>
/// sealed class Echo : DatagramHandler
/// {
///     public override ValueTask HandleAsync(Datagram datagram, CancellationToken cancellationToken) =>
///         datagram.ReplyAsync(datagram.Data);
/// }
/// </code>
/// Datagrams on one endpoint are handled one after another, in arrival order. A handler that throws
/// loses only that datagram; the error is logged.
/// </remarks>
public abstract class DatagramHandler : IDatagramApplication
{
    /// <summary>Creates a handler from a delegate.</summary>
    /// <param name="handle">The body of <see cref="HandleAsync"/>.</param>
    /// <returns>The handler.</returns>
    public static DatagramHandler Create(Func<Datagram, CancellationToken, ValueTask> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new DelegateHandler(handle);
    }

    /// <summary>Handles one datagram.</summary>
    /// <param name="datagram">The datagram; valid only until the returned task completes.</param>
    /// <param name="cancellationToken">Fires when the server stops.</param>
    /// <returns>A task that completes when the datagram is handled.</returns>
    public abstract ValueTask HandleAsync(Datagram datagram, CancellationToken cancellationToken);

    ValueTask IDatagramApplication.OnDatagramAsync(Datagram datagram, ServerContext server) => HandleAsync(datagram, datagram.CancellationToken);

    private sealed class DelegateHandler(Func<Datagram, CancellationToken, ValueTask> handle) : DatagramHandler
    {
        public override ValueTask HandleAsync(Datagram datagram, CancellationToken cancellationToken) => handle(datagram, cancellationToken);
    }
}
