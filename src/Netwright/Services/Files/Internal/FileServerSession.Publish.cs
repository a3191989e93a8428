using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// Publishing verified uploads in batches, while the session goes on reading the next files: every file verified
/// meanwhile is flushed to disk together (one syncfs, see <see cref="FileFlush"/>), then each is renamed to its
/// name and answered. Nothing is renamed before the flush that covers it has succeeded, so a name never shows
/// bytes that are not on disk; a stream of small files costs one disk flush per batch, not one per file.
/// </summary>
internal sealed partial class FileServerSession
{
    /// <summary>How many verified files of one connection may wait for their flush; each holds its open file until published.</summary>
    private const int MaxFlushing = 64;

    /// <summary>How much held-back reply data is flushed at once without waiting for the input to run dry.</summary>
    private const int HeldRepliesLimit = 16 * 1024;

    /// <summary>How often a client that asked for them hears <c>keepalive</c> while its file is still being flushed.</summary>
    private static readonly TimeSpan s_keepAliveInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _flushSlots = new(MaxFlushing, MaxFlushing);
    private readonly List<VerifiedUpload> _verified = [];
    private Task _publisher = Task.CompletedTask;
    private bool _publishing;
    private bool _clientWantsKeepAlive;
    private bool _repliesPending;

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

    /// <summary>
    /// Writes a reply that the client does not wait for at once (a <c>ready</c> for a <c>put</c> of a pipelined
    /// stream), leaving its flush to <see cref="FlushRepliesAsync"/> when the server has read everything that has
    /// arrived, or to the next reply that is flushed: a stream of small files gets its readies in a few writes, not
    /// one system call each.
    /// </summary>
    private async ValueTask WriteReplyAsync(FileMessage message)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _channel.Write(message);
            _repliesPending = true;
            if (_channel.HasUnflushed(HeldRepliesLimit))
            {
                _repliesPending = false;
                await _channel.FlushAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends the replies <see cref="WriteReplyAsync"/> held back, if any.</summary>
    private async ValueTask FlushRepliesAsync()
    {
        if (!Volatile.Read(ref _repliesPending))
        {
            return;
        }

        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _repliesPending = false;
            await _channel.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Queues a verified upload for the next flush; its <c>ok</c> (or error) is sent once it is flushed and renamed.</summary>
    private async ValueTask StartPublishAsync(PendingUpload upload, string hash)
    {
        await _flushSlots.WaitAsync().ConfigureAwait(false);
        lock (_verified)
        {
            _verified.Add(new VerifiedUpload(upload, hash));
            if (_publishing)
            {
                return;
            }

            _publishing = true;
        }

        _publisher = Task.Run(PublishLoopAsync);
    }

    /// <summary>Flushes and publishes batches until no verified upload waits; the files verified during one flush form the next batch.</summary>
    private async Task PublishLoopAsync()
    {
        while (true)
        {
            VerifiedUpload[] batch;
            lock (_verified)
            {
                if (_verified.Count == 0)
                {
                    _publishing = false;
                    return;
                }

                batch = [.. _verified];
                _verified.Clear();
            }

            try
            {
                await PublishBatchAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                FilesLog.Unexpected(_logger, ex);
            }
            finally
            {
                _flushSlots.Release(batch.Length);
            }
        }
    }

    private async Task PublishBatchAsync(VerifiedUpload[] batch)
    {
        var answers = new List<FileMessage>(batch.Length);
        var published = new bool[batch.Length];
        try
        {
            var flushFailure = await FlushBatchAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                var upload = batch[i].Upload;
                try
                {
                    if (flushFailure is not null)
                    {
                        throw flushFailure;
                    }

                    Publish(upload);
                    published[i] = true;
                    Metrics?.FileTransfer(upload.Size, "upload");
                    FilesLog.FileReceived(_logger, RemoteNames.Printable(upload.Name), upload.Size, upload.Held, _remote);
                    answers.Add(new FileMessage { Op = FileOps.Ok, Id = upload.Id, Hash = batch[i].Hash });
                }
                catch (Exception ex) when (ex is FileTransferException || DiskErrors.IsFileSystemError(ex))
                {
                    var error = DiskErrors.ToTransferError(ex, upload.Name);
                    FilesLog.Refused(_logger, FileOps.Done, _remote, FileOps.CodeName(error.Code), error.Message);
                    answers.Add(ErrorMessage(upload.Id, error));
                }
            }
        }
        finally
        {
            for (var i = 0; i < batch.Length; i++)
            {
                EndUpload(batch[i].Upload, keepPartial: published[i]);
            }
        }

        await TrySendAllAsync(answers).ConfigureAwait(false);
    }

    /// <summary>Flushes every file of the batch to disk, telling a waiting client each second that the server is still at work.</summary>
    /// <returns>Null when every file is durable; else the disk's error, which then holds for the whole batch.</returns>
    private async Task<Exception?> FlushBatchAsync(VerifiedUpload[] batch)
    {
        var handles = new SafeFileHandle[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            handles[i] = batch[i].Upload.Handle!;
        }

        var flush = FileFlush.StartAsync(handles);
        while (!await WaitAsync(flush, s_keepAliveInterval).ConfigureAwait(false))
        {
            if (_clientWantsKeepAlive)
            {
                // The client is waiting for these oks with its own stall timeout: tell it the server is still at work.
                await TrySendAllAsync([new FileMessage { Op = FileOps.KeepAlive, Id = batch[0].Upload.Id }]).ConfigureAwait(false);
            }
        }

        try
        {
            await flush.ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
        {
            return ex;
        }
    }

    /// <summary>Sends the answers of a batch with one flush; a client that left meanwhile is not an error (its files are published all the same).</summary>
    private async ValueTask TrySendAllAsync(IReadOnlyList<FileMessage> messages)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var message in messages)
            {
                _channel.Write(message);
            }

            await _channel.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Errors.ConnectionResetException or Errors.ConnectionAbortedException or InvalidOperationException or OperationCanceledException)
        {
            // The client left before its answers; verified files are published all the same, failed ones removed.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Waits until every upload this connection verified is published: files verified before the client left still appear.</summary>
    private async Task WaitForFlushesAsync()
    {
        try
        {
            await _publisher.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            FilesLog.Unexpected(_logger, ex);
        }
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

    private readonly record struct VerifiedUpload(PendingUpload Upload, string Hash);
}
