using Microsoft.Extensions.Logging;
using Netwright.Errors;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// The files protocol's server side over one connection: the one core both styles run. Reads control messages
/// in order, answers each, and streams file bytes between them; see docs/protocols/files.md.
/// </summary>
internal sealed partial class FileServerSession : IDisposable
{
    private readonly FileServerState _state;
    private readonly FrameChannel _channel;
    private readonly ILogger _logger;
    private readonly string _remote;
    private readonly Dictionary<long, PendingUpload> _uploads = [];

    public FileServerSession(FileServerState state, FrameChannel channel, ILogger logger, string remote)
    {
        _state = state;
        _channel = channel;
        _logger = logger;
        _remote = remote;
    }

    private FileServerOptions Options => _state.Options;

    /// <summary>Gets or sets the server's instruments (transfer sizes); null outside a server.</summary>
    public Diagnostics.NetwrightMetrics? Metrics { get; init; }

    /// <summary>Serves the connection until the client ends it, breaks the protocol or stalls.</summary>
    public async Task RunAsync()
    {
        var broken = false;
        try
        {
            if (!await HandshakeAsync().ConfigureAwait(false))
            {
                return;
            }

            while (true)
            {
                if (!_channel.TryReadBufferedMessage(out var message))
                {
                    // About to wait for the client: first send what was held back for it (see WriteReplyAsync).
                    await FlushRepliesAsync().ConfigureAwait(false);
                    message = await _channel.ReadMessageAsync(betweenRequests: _uploads.Count == 0).ConfigureAwait(false);
                    if (message is null)
                    {
                        break;
                    }
                }

                await DispatchAsync(message).ConfigureAwait(false);
            }
        }
        catch (FileTransferException ex)
        {
            // A protocol violation: the framing can no longer be trusted, so say why and close.
            broken = true;
            FilesLog.SessionFailed(_logger, _remote, FileOps.CodeName(ex.Code), ex.Message);
            await TrySendErrorAsync(0, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NetworkTimeoutException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            FilesLog.SessionEnded(_logger, _remote, ex.Message);
        }
        finally
        {
            await WaitForFlushesAsync().ConfigureAwait(false);
            foreach (var upload in _uploads.Values)
            {
                EndUpload(upload, keepPartial: !broken && upload.Failure is null);
            }

            _uploads.Clear();
        }
    }

    public void Dispose()
    {
        foreach (var upload in _uploads.Values)
        {
            EndUpload(upload, keepPartial: true);
        }

        _sendLock.Dispose();
        _flushSlots.Dispose();
    }

    private async ValueTask<bool> HandshakeAsync()
    {
        var hello = await _channel.ReadMessageAsync().ConfigureAwait(false);
        if (hello is null)
        {
            return false;
        }

        if (hello.Op != FileOps.Hello || hello.Protocol != FileOps.ProtocolName)
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"expected hello for {FileOps.ProtocolName}, got '{RemoteNames.Printable(hello.Op)}'");
        }

        if (hello.Version is not >= FileOps.Version)
        {
            throw new FileTransferException(FileErrorCode.Version, $"this server speaks version {FileOps.Version}; the client offered {hello.Version}");
        }

        if (!_state.TokenMatches(hello.Token))
        {
            var error = new FileTransferException(FileErrorCode.BadToken, hello.Token is null ? "this server needs a token (--token or NETWRIGHT_TOKEN)" : "the token is wrong");
            FilesLog.SessionFailed(_logger, _remote, FileOps.CodeName(error.Code), error.Message);
            await TrySendErrorAsync(0, error).ConfigureAwait(false);
            return false;
        }

        _clientWantsKeepAlive = hello.Features?.Contains(FileOps.FeatureKeepAlive) == true;
        await SendAsync(new FileMessage
        {
            Op = FileOps.Hello,
            Protocol = FileOps.ProtocolName,
            Version = FileOps.Version,
            Features = _state.Features(),
            MaxSize = Options.MaxFileSize == long.MaxValue ? null : Options.MaxFileSize,
        }).ConfigureAwait(false);
        return true;
    }

    private async ValueTask DispatchAsync(FileMessage message)
    {
        var id = message.Id ?? throw new FileTransferException(FileErrorCode.Protocol, $"'{RemoteNames.Printable(message.Op)}' has no id");
        try
        {
            switch (message.Op)
            {
                case FileOps.Put:
                    await PutAsync(id, message).ConfigureAwait(false);
                    break;
                case FileOps.Data:
                    await ReceiveDataAsync(id, message).ConfigureAwait(false);
                    break;
                case FileOps.Done:
                    await DoneAsync(id, message).ConfigureAwait(false);
                    break;
                case FileOps.Get:
                    await GetAsync(id, message).ConfigureAwait(false);
                    break;
                case FileOps.List:
                    await ListAsync(id, message).ConfigureAwait(false);
                    break;
                case FileOps.Stat:
                    await StatAsync(id, message).ConfigureAwait(false);
                    break;
                case FileOps.Delete:
                    await DeleteAsync(id, message).ConfigureAwait(false);
                    break;
                case FileOps.Mkdir:
                    await MkdirAsync(id, message).ConfigureAwait(false);
                    break;
                default:
                    throw new FileTransferException(FileErrorCode.Protocol, $"unknown op '{RemoteNames.Printable(message.Op)}'");
            }
        }
        catch (FileTransferException ex) when (ex.Code is not (FileErrorCode.Protocol or FileErrorCode.Version))
        {
            await RefuseAsync(id, message.Op, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
        {
            await RefuseAsync(id, message.Op, DiskErrors.ToTransferError(ex, message.Name)).ConfigureAwait(false);
        }
    }

    private async ValueTask RefuseAsync(long id, string op, FileTransferException error)
    {
        FilesLog.Refused(_logger, RemoteNames.Printable(op), _remote, FileOps.CodeName(error.Code), error.Message);
        await SendAsync(ErrorMessage(id, error)).ConfigureAwait(false);
    }

    private async ValueTask TrySendErrorAsync(long id, FileTransferException error)
    {
        try
        {
            await SendAsync(ErrorMessage(id, error)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or InvalidOperationException or OperationCanceledException)
        {
            // The client is gone already; there is nobody to tell.
        }
    }

    private static FileMessage ErrorMessage(long id, FileTransferException error) =>
        new() { Op = FileOps.Error, Id = id, Code = FileOps.CodeName(error.Code), Message = error.Message };
}
