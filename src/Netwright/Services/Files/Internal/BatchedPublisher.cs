using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// The fetching client's side of "flushed, then renamed": each verified temporary file is queued, and every file
/// queued while one flush runs is flushed by the next one together (one syncfs, see <see cref="FileFlush"/>), then
/// each is renamed over its final name. A tree of small files costs one disk flush per batch, not one per file.
/// </summary>
/// <remarks>
/// Nothing is renamed before the flush that covers it has succeeded. After a failed flush no file of that batch is
/// renamed: each one's task faults with the disk's error and its temporary file stays for the next attempt, which
/// hashes it again before resuming from it.
/// </remarks>
internal sealed class BatchedPublisher
{
    private readonly List<Pending> _queued = [];
    private bool _running;

    /// <summary>Queues a verified temporary file; the publisher owns <paramref name="file"/> from here on and disposes it.</summary>
    /// <param name="file">The written temporary file, still open.</param>
    /// <param name="partialPath">The temporary file's path.</param>
    /// <param name="finalPath">Its final name, replaced if it exists.</param>
    /// <returns>A task that completes once the file is durable and renamed, or faults with the disk's error.</returns>
    public Task PublishAsync(SafeFileHandle file, string partialPath, string finalPath)
    {
        var pending = new Pending(file, partialPath, finalPath);
        lock (_queued)
        {
            _queued.Add(pending);
            if (_running)
            {
                return pending.Done.Task;
            }

            _running = true;
        }

        _ = Task.Run(RunAsync);
        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        while (true)
        {
            Pending[] batch;
            lock (_queued)
            {
                if (_queued.Count == 0)
                {
                    _running = false;
                    return;
                }

                batch = [.. _queued];
                _queued.Clear();
            }

            Exception? failure = null;
            try
            {
                await FileFlush.StartAsync(Array.ConvertAll(batch, p => p.File)).ConfigureAwait(false);
            }
            catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
            {
                failure = ex;
            }

            foreach (var pending in batch)
            {
                pending.Finish(failure);
            }
        }
    }

    private sealed class Pending(SafeFileHandle file, string partialPath, string finalPath)
    {
        public SafeFileHandle File { get; } = file;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Finish(Exception? flushFailure)
        {
            File.Dispose();
            try
            {
                if (flushFailure is not null)
                {
                    Done.TrySetException(flushFailure);
                    return;
                }

                System.IO.File.Move(partialPath, finalPath, overwrite: true);
                Done.TrySetResult();
            }
            catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
            {
                Done.TrySetException(ex);
            }
        }
    }
}
