namespace Netwright.Services.Files.Internal;

/// <summary>
/// Publishing verified uploads: the fsync and rename of each file run on the thread pool, several at once, while
/// the session goes on reading the next files. A file system commits concurrent fsyncs together (one journal
/// commit for many files), so a stream of small files no longer waits one disk flush per file.
/// </summary>
internal sealed partial class FileServerSession
{
    /// <summary>How many files of one connection may be flushing at once; each holds an open file until it is published.</summary>
    private const int MaxFlushing = 16;

    /// <summary>How often a client that asked for them hears <c>keepalive</c> while its file is still being flushed.</summary>
    private static readonly TimeSpan s_keepAliveInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _flushSlots = new(MaxFlushing, MaxFlushing);
    private readonly List<Task> _flushing = [];
    private bool _clientWantsKeepAlive;

    /// <summary>Sends one message; replies from the main loop and from finished flushes never interleave.</summary>
    private async ValueTask SendAsync(FileMessage message)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _channel.SendAsync(message).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Starts flushing and renaming a verified upload; its <c>ok</c> (or error) is sent when that is done.</summary>
    private async ValueTask StartPublishAsync(PendingUpload upload, string hash)
    {
        await _flushSlots.WaitAsync().ConfigureAwait(false);
        _flushing.RemoveAll(static task => task.IsCompleted);
        _flushing.Add(Task.Run(() => PublishAndAnswerAsync(upload, hash)));
    }

    private async Task PublishAndAnswerAsync(PendingUpload upload, string hash)
    {
        var published = false;
        try
        {
            var handle = upload.Handle!;
            var flush = FileFlush.StartAsync(handle);
            while (!await WaitAsync(flush, s_keepAliveInterval).ConfigureAwait(false))
            {
                if (_clientWantsKeepAlive)
                {
                    // The client is waiting for this ok with its own stall timeout: tell it the server is still at work.
                    await SendAsync(new FileMessage { Op = FileOps.KeepAlive, Id = upload.Id }).ConfigureAwait(false);
                }
            }

            await flush.ConfigureAwait(false);
            Publish(upload);
            Metrics?.FileTransfer(upload.Size, "upload");
            published = true;
            FilesLog.FileReceived(_logger, RemoteNames.Printable(upload.Name), upload.Size, upload.Held, _remote);
            await SendAsync(new FileMessage { Op = FileOps.Ok, Id = upload.Id, Hash = hash }).ConfigureAwait(false);
        }
        catch (FileTransferException ex)
        {
            await TryRefuseAsync(upload.Id, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
        {
            await TryRefuseAsync(upload.Id, DiskErrors.ToTransferError(ex, upload.Name)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Errors.ConnectionResetException or Errors.ConnectionAbortedException or InvalidOperationException or OperationCanceledException)
        {
            // The client left before its ok; the file is published all the same (it was verified).
        }
        finally
        {
            EndUpload(upload, keepPartial: published);
            _flushSlots.Release();
        }
    }

    private async ValueTask TryRefuseAsync(long id, FileTransferException error)
    {
        FilesLog.Refused(_logger, FileOps.Done, _remote, FileOps.CodeName(error.Code), error.Message);
        try
        {
            await SendAsync(ErrorMessage(id, error)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Errors.ConnectionResetException or Errors.ConnectionAbortedException or InvalidOperationException or OperationCanceledException)
        {
            // The client is gone; the temporary file is removed all the same.
        }
    }

    /// <summary>Waits for every flush this connection started: files verified before the client left are still published.</summary>
    private async Task WaitForFlushesAsync()
    {
        try
        {
            await Task.WhenAll(_flushing).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            FilesLog.Unexpected(_logger, ex);
        }

        _flushing.Clear();
    }

    private static async Task<bool> WaitAsync(Task task, TimeSpan interval)
    {
        try
        {
            await task.WaitAsync(interval).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
