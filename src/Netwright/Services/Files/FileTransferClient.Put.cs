using System.Diagnostics;
using Netwright.Services.Files.Internal;

namespace Netwright.Services.Files;

/// <summary>Sending: uploads are announced a window ahead, so many small files cost no round trip each.</summary>
public sealed partial class FileTransferClient
{
    /// <summary>Files from this size on are hashed ahead while their <c>ready</c> comes (see <see cref="StartHashAhead"/>).</summary>
    private const long HashAheadFrom = 16 * 1024 * 1024;

    /// <summary>Sends files; each is verified by the server before it appears under its name. Stops at the first file the server refuses.</summary>
    /// <param name="files">What to send and under which names.</param>
    /// <param name="progress">Told of each file's progress; null for none.</param>
    /// <param name="cancellationToken">Cancels the transfer (the connection closes; a rerun resumes).</param>
    /// <returns>One result per file, in order.</returns>
    /// <exception cref="FileTransferException">The server refused a file (exists, too large, disk full, bad name...).</exception>
    /// <exception cref="Errors.ConnectionResetException">The connection broke; run again to resume.</exception>
    public async Task<IReadOnlyList<FileTransferResult>> PutAsync(IReadOnlyList<FileUpload> files, IProgress<FileProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var cancel = cancellationToken.UnsafeRegister(static s => ((FileTransferClient)s!)._closed.Cancel(), this);
        var uploads = new OutgoingFile[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            var info = new FileInfo(files[i].LocalPath);
            uploads[i] = new OutgoingFile(files[i], ++_nextId, info.Exists ? info.Length : throw new FileNotFoundException($"no such file: {files[i].LocalPath}", files[i].LocalPath));
        }

        var reader = ReadPutRepliesAsync(uploads);
        try
        {
            var window = Math.Min(_options.Window, 64);
            var announced = 0;
            var results = new FileTransferResult[uploads.Length];
            for (var i = 0; i < uploads.Length; i++)
            {
                for (; announced < uploads.Length && announced <= i + window - 1; announced++)
                {
                    var next = uploads[announced];
                    next.Clock.Start();
                    _channel.Write(new FileMessage { Op = FileOps.Put, Id = next.Id, Name = next.Upload.RemoteName, Size = next.Size, Algorithm = FileOps.AlgorithmName(_options.Algorithm) });
                }

                // Flush only before a wait or once enough is buffered: a stream of small files goes out in a few big
                // writes (its puts, data and dones together) rather than three small ones per file.
                if (!uploads[i].Ready.Task.IsCompleted || _channel.HasUnflushed(FileStreaming.ChunkSize))
                {
                    await _channel.FlushAsync().ConfigureAwait(false);
                }

                var ahead = StartHashAhead(uploads[i]);
                FileMessage ready;
                try
                {
                    ready = await WhenEitherAsync(uploads[i].Ready.Task, reader).ConfigureAwait(false);
                }
                catch
                {
                    _ = ahead?.StopAtAsync(0);
                    throw;
                }

                await SendFileAsync(uploads[i], ready, ahead, progress).ConfigureAwait(false);
            }

            await _channel.FlushAsync().ConfigureAwait(false);

            for (var i = 0; i < uploads.Length; i++)
            {
                var ok = await WhenEitherAsync(uploads[i].Ok.Task, reader).ConfigureAwait(false);
                var upload = uploads[i];
                results[i] = new FileTransferResult(upload.Upload.RemoteName, upload.Upload.LocalPath, upload.Size, upload.ResumedFrom, ok.Hash ?? "", _options.Algorithm, upload.Clock.Elapsed);
                progress?.Report(new FileProgress(upload.Upload.RemoteName, upload.Size, upload.Size, Completed: true));
            }

            await reader.ConfigureAwait(false);
            return results;
        }
        catch
        {
            // The reader may be waiting for replies that will never come now: closing ends it.
            await _closed.CancelAsync().ConfigureAwait(false);
            await reader.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts hashing a big file's start while its <c>ready</c> is on the way: a server holding part of it hashes that
    /// part meanwhile, so the two prefix hashes of a resume overlap instead of following each other.
    /// </summary>
    private PrefixHashAhead? StartHashAhead(OutgoingFile file) =>
        file.Size >= HashAheadFrom && !file.Ready.Task.IsCompleted && ServerFeatures.Contains(FileOps.FeatureResume)
            ? PrefixHashAhead.Start(file.Upload.LocalPath, file.Size, _options.Algorithm)
            : null;

    private async Task SendFileAsync(OutgoingFile file, FileMessage ready, PrefixHashAhead? ahead, IProgress<FileProgress>? progress)
    {
        var held = ready.Offset is > 0 and var offset && offset <= file.Size ? offset : 0;
        var hasher = ahead is null ? null : await ahead.StopAtAsync(held).ConfigureAwait(false);
        var prefixHashed = hasher is not null;
        hasher ??= new FileHasher(_options.Algorithm);
        try
        {
            using var handle = File.OpenHandle(file.Upload.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (RandomAccess.GetLength(handle) != file.Size)
            {
                throw new FileTransferException(FileErrorCode.Failed, $"{file.Upload.LocalPath} changed size while it was sent");
            }

            var start = 0L;
            if (held > 0)
            {
                if (!prefixHashed)
                {
                    hasher.AppendFile(handle, held);
                }

                if (FileHasher.HashEquals(hasher.Current(), ready.Hash))
                {
                    start = held;
                }
                else
                {
                    // The server's partial file is not a prefix of ours: send everything.
                    hasher.Dispose();
                    hasher = new FileHasher(_options.Algorithm);
                }
            }

            file.ResumedFrom = start;
            _channel.Write(new FileMessage { Op = FileOps.Data, Id = file.Id, Offset = start, Length = file.Size - start });
            // Each chunk sent restarts the reply reader's stall timer: a big file takes as long as it takes while it moves.
            Action<long> report = position =>
            {
                _channel.NoteProgress();
                progress?.Report(new FileProgress(file.Upload.RemoteName, position, file.Size, Completed: false));
            };
            await FileStreaming.SendAsync(handle, start, file.Size, hasher, _channel.Output, report).ConfigureAwait(false);
            // Sent with the next flush: before the next wait for a reply, or once enough is buffered.
            _channel.Write(new FileMessage { Op = FileOps.Done, Id = file.Id, Hash = hasher.Current() });
        }
        finally
        {
            hasher.Dispose();
        }
    }

    private async Task ReadPutRepliesAsync(OutgoingFile[] uploads)
    {
        var byId = uploads.ToDictionary(u => u.Id);
        var remaining = uploads.Length;
        try
        {
            while (remaining > 0)
            {
                var message = await ReadMessageAsync().ConfigureAwait(false);
                if (message.Id is not { } id || !byId.TryGetValue(id, out var upload))
                {
                    throw message.Op == FileOps.Error ? ToException(message) : new FileTransferException(FileErrorCode.Protocol, $"the server sent '{RemoteNames.Printable(message.Op)}' for no upload");
                }

                switch (message.Op)
                {
                    case FileOps.Ready:
                        upload.Ready.TrySetResult(message);
                        break;
                    case FileOps.Ok:
                        upload.Ok.TrySetResult(message);
                        remaining--;
                        break;
                    case FileOps.Error:
                        // Whichever step waits hears it; the sender stops there.
                        var error = ToException(message);
                        upload.Ready.TrySetException(error);
                        upload.Ok.TrySetException(error);
                        throw error;
                    default:
                        throw new FileTransferException(FileErrorCode.Protocol, $"unexpected '{RemoteNames.Printable(message.Op)}' during an upload");
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var upload in uploads)
            {
                upload.Ready.TrySetException(ex);
                upload.Ok.TrySetException(ex);
            }

            throw;
        }
    }

    /// <summary>Waits for <paramref name="step"/>, or for the reader to fail first (its exception is the cause).</summary>
    private static async Task<FileMessage> WhenEitherAsync(Task<FileMessage> step, Task reader)
    {
        var first = await Task.WhenAny(step, reader).ConfigureAwait(false);
        if (first == reader && !step.IsCompleted)
        {
            await reader.ConfigureAwait(false);
        }

        return await step.ConfigureAwait(false);
    }

    private sealed class OutgoingFile(FileUpload upload, long id, long size)
    {
        public FileUpload Upload { get; } = upload;

        public long Id { get; } = id;

        public long Size { get; } = size;

        public long ResumedFrom { get; set; }

        public Stopwatch Clock { get; } = new();

        public TaskCompletionSource<FileMessage> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<FileMessage> Ok { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
