using System.Diagnostics;
using Netwright.Services.Files.Internal;

namespace Netwright.Services.Files;

/// <summary>Fetching: folders are listed first, then every file is requested at once and streamed back in order.</summary>
public sealed partial class FileTransferClient
{
    /// <summary>How many fetched files may wait for their flush at once; each holds its open temporary file until then.</summary>
    private const int MaxFlushing = 64;

    /// <summary>Fetches files and folder trees into <paramref name="localFolder"/>, resuming partial files left by an earlier attempt.</summary>
    /// <param name="names">Remote files or folders; a folder arrives as a folder of its own name.</param>
    /// <param name="localFolder">Where they go; created if missing. Existing files of the same names are replaced once verified.</param>
    /// <param name="progress">Told of each file's progress; null for none.</param>
    /// <param name="cancellationToken">Cancels the transfer (a rerun resumes).</param>
    /// <returns>One result per file.</returns>
    /// <exception cref="FileTransferException">No such file, a bad name, or a hash that did not match.</exception>
    public async Task<IReadOnlyList<FileTransferResult>> GetAsync(IReadOnlyList<string> names, string localFolder, IProgress<FileProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentException.ThrowIfNullOrEmpty(localFolder);
        Directory.CreateDirectory(localFolder);
        var local = new FileRoot(localFolder);
        var files = new List<IncomingFile>();
        foreach (var name in names)
        {
            await ExpandAsync(name, local, files, cancellationToken).ConfigureAwait(false);
        }

        using var cancel = cancellationToken.UnsafeRegister(static s => ((FileTransferClient)s!)._closed.Cancel(), this);
        var requests = SendGetRequestsAsync(files);
        using var flushSlots = new SemaphoreSlim(MaxFlushing, MaxFlushing);
        var publisher = new BatchedPublisher();
        var flushing = new List<Task>();
        try
        {
            var results = new List<FileTransferResult>(files.Count);
            foreach (var file in files)
            {
                await flushSlots.WaitAsync(_closed.Token).ConfigureAwait(false);
                var (result, flush) = await ReceiveFileAsync(file, progress, publisher, flushSlots).ConfigureAwait(false);
                results.Add(result);
                flushing.Add(flush);
            }

            await requests.ConfigureAwait(false);
            await Task.WhenAll(flushing).ConfigureAwait(false);
            return results;
        }
        catch
        {
            await _closed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(flushing).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            await requests.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            foreach (var file in files)
            {
                file.Hasher?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Adds <paramref name="name"/>'s files, checking every name the server returns before it becomes a local path.</summary>
    private async Task ExpandAsync(string name, FileRoot local, List<IncomingFile> files, CancellationToken cancellationToken)
    {
        var components = RemoteNames.Split(name);
        var entry = await StatAsync(name, cancellationToken).ConfigureAwait(false);
        if (!entry.IsDirectory)
        {
            files.Add(new IncomingFile(name, local.ForWrite(components[^1], createParents: true), ++_nextId));
            return;
        }

        var parent = string.Join('/', components[..^1]);
        local.CreateFolder(components[^1]);
        foreach (var item in await ListAsync(name, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (!item.Name.StartsWith(name + "/", StringComparison.Ordinal))
            {
                throw new FileTransferException(FileErrorCode.Protocol, $"the server listed '{RemoteNames.Printable(item.Name)}' under '{RemoteNames.Printable(name)}'");
            }

            var relative = parent.Length == 0 ? item.Name : item.Name[(parent.Length + 1)..];
            if (item.IsDirectory)
            {
                // Empty folders too: the tree arrives as it is on the server.
                local.CreateFolder(relative);
                continue;
            }

            files.Add(new IncomingFile(item.Name, local.ForWrite(relative, createParents: true), ++_nextId));
        }
    }

    private async Task SendGetRequestsAsync(List<IncomingFile> files)
    {
        foreach (var file in files)
        {
            var request = new FileMessage { Op = FileOps.Get, Id = file.Id, Name = file.Name, Algorithm = FileOps.AlgorithmName(_options.Algorithm) };
            var partial = new FileInfo(FileRoot.PartialPathFor(file.LocalPath));
            if (partial.LinkTarget is null && partial.Exists && partial.Length > 0)
            {
                // Offer what an earlier attempt left; the server checks the hash and sends only the rest.
                file.Hasher = new FileHasher(_options.Algorithm);
                using var handle = File.OpenHandle(partial.FullName, FileMode.Open, FileAccess.Read, FileShare.Read);
                file.Hasher.AppendFile(handle, partial.Length);
                file.Held = partial.Length;
                request.Offset = partial.Length;
                request.Hash = file.Hasher.Current();
            }

            file.Clock.Start();
            await _channel.SendAsync(request).ConfigureAwait(false);
        }
    }

    /// <summary>Receives one file into its temporary file and checks its hash; returns the flush and rename, which run on.</summary>
    /// <param name="file">The file requested.</param>
    /// <param name="progress">Told of the bytes received; null for none.</param>
    /// <param name="publisher">Flushes and renames verified files in batches.</param>
    /// <param name="flushSlot">Taken by the caller for this file; released once it is flushed and renamed (or failed).</param>
    private async Task<(FileTransferResult Result, Task Flush)> ReceiveFileAsync(IncomingFile file, IProgress<FileProgress>? progress, BatchedPublisher publisher, SemaphoreSlim flushSlot)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle? handle = null;
        try
        {
            var header = await ReadReplyAsync(file.Id).ConfigureAwait(false);
            if (header.Op != FileOps.File || header.Size is not >= 0 || header.Offset is not >= 0 || header.Offset > header.Size)
            {
                throw new FileTransferException(FileErrorCode.Protocol, $"the server sent '{RemoteNames.Printable(header.Op)}' where '{RemoteNames.Printable(file.Name)}' was expected");
            }

            var size = header.Size.Value;
            var start = header.Offset.Value;
            if (start != 0 && start != file.Held)
            {
                throw new FileTransferException(FileErrorCode.Protocol, $"the server resumed '{RemoteNames.Printable(file.Name)}' at {start}; this side holds {file.Held}");
            }

            if (start == 0)
            {
                file.Hasher?.Dispose();
                file.Hasher = new FileHasher(_options.Algorithm);
            }

            var partialPath = FileRoot.PartialPathFor(file.LocalPath);
            handle = File.OpenHandle(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            RandomAccess.SetLength(handle, start);
            Action<long>? report = progress is null ? null : position => progress.Report(new FileProgress(file.Name, position, size, Completed: false));
            var failure = await FileStreaming.ReceiveAsync(_channel, handle, file.Hasher!, start, size - start, report).ConfigureAwait(false);
            var end = await ReadReplyAsync(file.Id).ConfigureAwait(false);
            if (failure is not null)
            {
                throw DiskErrors.ToTransferError(failure, file.LocalPath);
            }

            var hash = file.Hasher!.Current();
            file.Hasher.Dispose();
            if (end.Op != FileOps.End || !FileHasher.HashEquals(hash, end.Hash))
            {
                handle.Dispose();
                DiskErrors.TryDelete(partialPath);
                throw new FileTransferException(FileErrorCode.BadHash, $"'{RemoteNames.Printable(file.Name)}' arrived with {FileOps.AlgorithmName(_options.Algorithm)} {hash}, not the server's {RemoteNames.Printable(end.Hash)}; nothing was kept");
            }

            var result = new FileTransferResult(file.Name, file.LocalPath, size, start, hash, _options.Algorithm, file.Clock.Elapsed);
            var owned = handle;
            handle = null;
            // Flushed with the files verified meanwhile and renamed while the next files arrive (one disk flush per file was the cost of a tree).
            var flush = FinishAsync(publisher.PublishAsync(owned, partialPath, file.LocalPath), flushSlot, () => progress?.Report(new FileProgress(file.Name, size, size, Completed: true)));
            return (result, flush);
        }
        catch
        {
            handle?.Dispose();
            flushSlot.Release();
            throw;
        }
    }

    private static async Task FinishAsync(Task published, SemaphoreSlim flushSlot, Action done)
    {
        try
        {
            await published.ConfigureAwait(false);
            done();
        }
        finally
        {
            flushSlot.Release();
        }
    }

    private sealed class IncomingFile(string name, string localPath, long id)
    {
        public string Name { get; } = name;

        public string LocalPath { get; } = localPath;

        public long Id { get; } = id;

        public long Held { get; set; }

        public FileHasher? Hasher { get; set; }

        public Stopwatch Clock { get; } = new();
    }
}
