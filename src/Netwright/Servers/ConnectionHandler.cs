using Netwright.Applications;
using Netwright.Streams;
using Netwright.Transport;

namespace Netwright.Servers;

/// <summary>
/// The handler style for stream connections, like socketserver's <c>StreamRequestHandler</c>: one async
/// method runs per connection, with a <see cref="StreamSession"/> to read and write lines or bytes.
/// </summary>
/// <remarks>
/// <code>
/// sealed class Echo : ConnectionHandler
/// {
///     public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
///     {
///         while (await session.ReadLineAsync(cancellationToken) is { } line)
///             await session.WriteLineAsync(line, cancellationToken);
///     }
/// }
/// </code>
/// One instance serves every connection, so keep per-connection state in locals. The connection closes
/// when <see cref="HandleAsync"/> returns (after what was written is sent) or throws (the error is logged
/// and only this connection is affected). socketserver's <c>setup</c>/<c>handle</c>/<c>finish</c> map to
/// <see cref="SetupAsync"/>, <see cref="HandleAsync"/> and <see cref="FinishAsync"/>.
/// </remarks>
public abstract class ConnectionHandler : IConnectionApplication
{
    /// <summary>Creates a handler from a delegate.</summary>
    /// <param name="handle">The body of <see cref="HandleAsync"/>.</param>
    /// <returns>The handler.</returns>
    public static ConnectionHandler Create(Func<StreamSession, CancellationToken, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new DelegateHandler(handle);
    }

    /// <summary>Handles one connection until it should close.</summary>
    /// <param name="session">Reads and writes the connection; framing follows the server's options.</param>
    /// <param name="cancellationToken">Fires when the connection is closed or aborted.</param>
    /// <returns>A task that completes when the handler is done with the connection.</returns>
    public abstract Task HandleAsync(StreamSession session, CancellationToken cancellationToken);

    /// <summary>Runs before <see cref="HandleAsync"/> (socketserver's <c>setup</c>).</summary>
    /// <param name="session">The session.</param>
    /// <returns>A task that completes when set up.</returns>
    protected virtual ValueTask SetupAsync(StreamSession session) => ValueTask.CompletedTask;

    /// <summary>Runs after <see cref="HandleAsync"/>, even when it threw (socketserver's <c>finish</c>).</summary>
    /// <param name="session">The session.</param>
    /// <returns>A task that completes when finished.</returns>
    protected virtual ValueTask FinishAsync(StreamSession session) => ValueTask.CompletedTask;

    /// <summary>Creates the session options from the server's options; called once per server, and the result is shared by its sessions (which do not change it).</summary>
    /// <param name="server">The server.</param>
    /// <returns>The options every session of this handler uses.</returns>
    protected virtual StreamSessionOptions CreateSessionOptions(ServerContext server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new StreamSessionOptions
        {
            MaxLineLength = server.Options.MaxLineLength,
            PartialLineDelay = server.Options.PartialLineDelay,
            MessageTimeout = server.Options.MessageTimeout,
            TimeProvider = server.TimeProvider,
            Stopping = server.Stopping,
        };
    }

    async Task IConnectionApplication.RunAsync(Connection connection, ServerContext server)
    {
        // DisposeAsync: a session that was upgraded to TLS (STARTTLS) closes its TLS layer gracefully.
        var session = new StreamSession(connection, SessionOptionsFor(server));
        await using var disposeSession = session.ConfigureAwait(false);
        await SetupAsync(session).ConfigureAwait(false);
        try
        {
            await HandleAsync(session, connection.ConnectionClosed).ConfigureAwait(false);
        }
        finally
        {
            await FinishAsync(session).ConfigureAwait(false);
        }
    }

    private (ServerContext Server, StreamSessionOptions Options)? _sessionOptions;

    /// <summary>The session options for <paramref name="server"/>, made once and shared by its connections.</summary>
    private StreamSessionOptions SessionOptionsFor(ServerContext server)
    {
        if (_sessionOptions is { } cached && ReferenceEquals(cached.Server, server))
        {
            return cached.Options;
        }

        var options = CreateSessionOptions(server);
        _sessionOptions = (server, options);
        return options;
    }

    private sealed class DelegateHandler(Func<StreamSession, CancellationToken, Task> handle) : ConnectionHandler
    {
        public override Task HandleAsync(StreamSession session, CancellationToken cancellationToken) => handle(session, cancellationToken);
    }
}
