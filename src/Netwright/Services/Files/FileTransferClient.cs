using Netwright.Clients;
using Netwright.Services.Files.Internal;
using Netwright.Transport;

namespace Netwright.Services.Files;

/// <summary>
/// A client of the file service (<see cref="FileService"/>): send, fetch, list, stat and delete, each file verified
/// end to end and resumed where an earlier attempt stopped.
/// </summary>
/// <remarks>
/// One operation at a time: the methods are not safe to call concurrently on one client. Disposing closes the
/// connection; an operation cut short leaves only hidden temporary files, which the next attempt resumes.
/// A failed <see cref="PutAsync"/> or <see cref="GetAsync"/> closes the connection too (requests were pipelined,
/// so where the stream stands is unknown): connect again to go on. A failed LIST, STAT or DELETE does not.
/// </remarks>
public sealed partial class FileTransferClient : IAsyncDisposable
{
    private readonly Connection _connection;
    private readonly FrameChannel _channel;
    private readonly FileClientOptions _options;
    private readonly CancellationTokenSource _closed;
    private long _nextId;

    // Bulk transfers: bigger receive reads and 1 MiB in flight each way (the kernel's socket buffers hold more), a
    // fixed bound whatever the file size.
    private static readonly SocketTransportOptions s_transport = new()
    {
        MaxReadBufferSize = 1024 * 1024,
        MaxWriteBufferSize = 1024 * 1024,
        MinimumReceiveBufferSize = 64 * 1024,
    };

    private FileTransferClient(Connection connection, FileClientOptions options, CancellationTokenSource closed)
    {
        _connection = connection;
        _options = options;
        _closed = closed;
        _channel = new FrameChannel(connection.Transport.Input, connection.Transport.Output, options.StallTimeout, closed.Token);
    }

    /// <summary>Gets the features the server offers (<c>sha256</c>, <c>xxh128</c>, <c>resume</c>, <c>delete</c>, ...).</summary>
    public IReadOnlyList<string> ServerFeatures { get; private set; } = [];

    /// <summary>Gets the largest file the server accepts, or null when it has no limit.</summary>
    public long? ServerMaxFileSize { get; private set; }

    /// <summary>Connects, checks the protocol version and presents the token.</summary>
    /// <param name="endPoint">The server (TCP or Unix stream; TLS over either when <see cref="FileClientOptions.Tls"/> is set).</param>
    /// <param name="options">Token, hash and timeouts; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A connected client; dispose it.</returns>
    /// <exception cref="FileTransferException">The server refused: bad token or no common version.</exception>
    /// <exception cref="Errors.ConnectionRefusedException">Nobody listens there.</exception>
    /// <exception cref="Errors.TlsHandshakeException">TLS was asked for and the handshake failed (an untrusted certificate, say).</exception>
    public static async Task<FileTransferClient> ConnectAsync(NetEndPoint endPoint, FileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= new FileClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, 1);
        if (!endPoint.IsStream)
        {
            throw new ArgumentException($"'{endPoint}' is not a stream endpoint", nameof(endPoint));
        }

        Connection connection;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(options.ConnectTimeout);
            try
            {
                connection = options.Tls is { } tls
                    ? await NetClient.ConnectTlsAsync(endPoint, tls, Timeout.InfiniteTimeSpan, s_transport, deadline.Token).ConfigureAwait(false)
                    : await StreamConnector.ConnectAsync(endPoint, s_transport, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new Errors.NetworkTimeoutException($"connecting to {endPoint} took more than {options.ConnectTimeout.TotalSeconds:0.#} s");
            }
        }

        var closed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var client = new FileTransferClient(connection, options, closed);
        try
        {
            await client.HelloAsync().ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Lists a folder (or one file) on the server.</summary>
    /// <param name="path">The folder, relative to the served root; null or empty for the root.</param>
    /// <param name="recursive">Whether to list the whole tree below it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The entries, in the server's order.</returns>
    /// <exception cref="FileTransferException">No such folder, or a bad name.</exception>
    public async Task<IReadOnlyList<FileEntry>> ListAsync(string? path = null, bool recursive = false, CancellationToken cancellationToken = default)
    {
        using var cancel = cancellationToken.UnsafeRegister(static s => ((FileTransferClient)s!)._closed.Cancel(), this);
        var id = ++_nextId;
        await _channel.SendAsync(new FileMessage { Op = FileOps.List, Id = id, Name = string.IsNullOrEmpty(path) ? null : path, Recursive = recursive }).ConfigureAwait(false);
        var entries = new List<FileEntry>();
        while (true)
        {
            var message = await ReadReplyAsync(id).ConfigureAwait(false);
            if (message.Op == FileOps.End)
            {
                return entries;
            }

            entries.Add(ToEntry(message));
        }
    }

    /// <summary>Describes one file or folder on the server.</summary>
    /// <param name="name">The relative name.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="FileTransferException">No such file, or a bad name.</exception>
    public async Task<FileEntry> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        using var cancel = cancellationToken.UnsafeRegister(static s => ((FileTransferClient)s!)._closed.Cancel(), this);
        var id = ++_nextId;
        await _channel.SendAsync(new FileMessage { Op = FileOps.Stat, Id = id, Name = name }).ConfigureAwait(false);
        return ToEntry(await ReadReplyAsync(id).ConfigureAwait(false));
    }

    /// <summary>Deletes a file on the server, if the server allows deleting.</summary>
    /// <param name="name">The relative name.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the file is gone.</returns>
    /// <exception cref="FileTransferException">Not allowed, no such file, or a bad name.</exception>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        using var cancel = cancellationToken.UnsafeRegister(static s => ((FileTransferClient)s!)._closed.Cancel(), this);
        var id = ++_nextId;
        await _channel.SendAsync(new FileMessage { Op = FileOps.Delete, Id = id, Name = name }).ConfigureAwait(false);
        await ReadReplyAsync(id).ConfigureAwait(false);
    }

    /// <summary>Creates folders on the server (and their parents); an existing folder is fine. All are asked for at once: one round trip.</summary>
    /// <param name="names">The relative folder names, say the empty folders of a tree being sent.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once every folder exists.</returns>
    /// <exception cref="FileTransferException">Read-only, a file or symlink in the way, a bad name, or a server without <c>mkdir</c>.</exception>
    public async Task CreateFoldersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return;
        }

        if (!ServerFeatures.Contains(FileOps.FeatureMkdir))
        {
            throw new FileTransferException(FileErrorCode.NotAllowed, "the server does not create folders (it is read-only, or older than the mkdir feature)");
        }

        using var cancel = cancellationToken.UnsafeRegister(static s => ((FileTransferClient)s!)._closed.Cancel(), this);
        var first = _nextId + 1;
        foreach (var name in names)
        {
            _channel.Write(new FileMessage { Op = FileOps.Mkdir, Id = ++_nextId, Name = name });
        }

        await _channel.FlushAsync().ConfigureAwait(false);
        FileTransferException? failure = null;
        for (var id = first; id <= _nextId; id++)
        {
            try
            {
                await ReadReplyAsync(id).ConfigureAwait(false);
            }
            catch (FileTransferException ex) when (ex.Code is not (FileErrorCode.Protocol or FileErrorCode.Version))
            {
                // Every reply is read, so the connection stays in step; the first refusal is the one reported.
                failure ??= ex;
            }
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Closes the connection.</summary>
    /// <returns>A task that completes once the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync().ConfigureAwait(false);
        _channel.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _closed.Dispose();
    }

    private async Task HelloAsync()
    {
        await _channel.SendAsync(new FileMessage
        {
            Op = FileOps.Hello,
            Protocol = FileOps.ProtocolName,
            Version = FileOps.Version,
            Features = [FileOps.FeatureSha256, FileOps.FeatureXxh128, FileOps.FeatureResume, FileOps.FeatureKeepAlive],
            Token = string.IsNullOrEmpty(_options.Token) ? null : _options.Token,
        }).ConfigureAwait(false);
        var reply = await ReadReplyAsync(0).ConfigureAwait(false);
        if (reply.Op != FileOps.Hello || reply.Version is not FileOps.Version)
        {
            throw new FileTransferException(FileErrorCode.Version, $"the server answered '{RemoteNames.Printable(reply.Op)}' version {reply.Version}; this client speaks version {FileOps.Version}");
        }

        ServerFeatures = reply.Features ?? [];
        ServerMaxFileSize = reply.MaxSize;
        if (_options.Algorithm == FileHashAlgorithm.Xxh128 && !ServerFeatures.Contains(FileOps.FeatureXxh128))
        {
            throw new FileTransferException(FileErrorCode.NotAllowed, "the server does not offer xxh128 verification");
        }
    }

    /// <summary>Reads the next message, which must answer <paramref name="id"/>; an error message becomes its typed exception.</summary>
    private async ValueTask<FileMessage> ReadReplyAsync(long id)
    {
        var message = await ReadMessageAsync().ConfigureAwait(false);
        if (message.Op == FileOps.Error)
        {
            throw ToException(message);
        }

        if (message.Id is { } replyId && replyId != id)
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"the server answered request {replyId}, expected {id}");
        }

        return message;
    }

    /// <summary>Reads the next message, skipping the server's <c>keepalive</c>s (they only restart the stall timer).</summary>
    private async ValueTask<FileMessage> ReadMessageAsync()
    {
        while (true)
        {
            var message = await _channel.ReadMessageAsync().ConfigureAwait(false)
                ?? throw new Errors.ConnectionResetException("the server closed the connection");
            if (message.Op != FileOps.KeepAlive)
            {
                return message;
            }
        }
    }

    private static FileTransferException ToException(FileMessage error) =>
        new(FileOps.ParseCode(error.Code), RemoteNames.Printable(error.Message ?? error.Code ?? "the server refused"));

    private static FileEntry ToEntry(FileMessage message)
    {
        if (message.Op != FileOps.Entry || !RemoteNames.IsValid(message.Name))
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"the server sent '{RemoteNames.Printable(message.Op)}' with name '{RemoteNames.Printable(message.Name)}' where an entry was expected");
        }

        return new FileEntry(message.Name!, message.Type == "dir", message.Size ?? 0, DateTimeOffset.FromUnixTimeMilliseconds(message.Modified ?? 0));
    }
}
