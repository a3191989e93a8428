using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>PUT: announce (<c>put</c> → <c>ready</c>), stream (<c>data</c> + raw bytes), verify and publish (<c>done</c> → <c>ok</c>).</summary>
internal sealed partial class FileServerSession
{
    private async ValueTask PutAsync(long id, FileMessage message)
    {
        if (_uploads.ContainsKey(id))
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"upload id {id} is already in use");
        }

        if (_uploads.Count >= Options.MaxPendingUploads)
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"more than {Options.MaxPendingUploads} uploads announced before their data");
        }

        if (!FileOps.TryParseAlgorithm(message.Algorithm, out var algorithm))
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"unknown hash algorithm '{RemoteNames.Printable(message.Algorithm)}'");
        }

        var size = message.Size is >= 0 and var s ? s : throw new FileTransferException(FileErrorCode.Protocol, "put needs a size of 0 or more");
        if (Options.ReadOnly)
        {
            throw new FileTransferException(FileErrorCode.NotAllowed, "this server is read-only");
        }

        var name = message.Name;
        if (size > Options.MaxFileSize)
        {
            throw new FileTransferException(FileErrorCode.TooLarge, $"'{RemoteNames.Printable(name)}' is {size} bytes; this server takes at most {Options.MaxFileSize}");
        }

        var finalPath = _state.Root.ForWrite(name, createParents: true, out var exists);
        if (!Options.AllowOverwrite && exists)
        {
            throw new FileTransferException(FileErrorCode.Exists, $"'{RemoteNames.Printable(name)}' exists on the server (it does not allow overwriting)");
        }

        if (!_state.TryLock(finalPath))
        {
            throw new FileTransferException(FileErrorCode.Busy, $"'{RemoteNames.Printable(name)}' is being uploaded by another client");
        }

        var upload = new PendingUpload
        {
            Id = id,
            Name = name!,
            FinalPath = finalPath,
            PartialPath = FileRoot.PartialPathFor(finalPath),
            Size = size,
            Hasher = new FileHasher(algorithm),
        };
        try
        {
            upload.Held = HashPartial(upload);
        }
        catch
        {
            EndUpload(upload, keepPartial: true);
            throw;
        }

        _uploads.Add(id, upload);
        await WriteReplyAsync(new FileMessage
        {
            Op = FileOps.Ready,
            Id = id,
            Offset = upload.Held,
            Hash = upload.Held > 0 ? upload.Hasher.Current() : null,
        }).ConfigureAwait(false);
    }

    /// <summary>Hashes what an earlier, interrupted upload left in the temporary file; returns its length.</summary>
    private static long HashPartial(PendingUpload upload)
    {
        var partial = new FileInfo(upload.PartialPath);
        var attributes = partial.Attributes;
        if ((int)attributes == -1)
        {
            // Nothing held: the usual case, one lstat.
            return 0;
        }

        if ((attributes & (FileAttributes.ReparsePoint | FileAttributes.Directory)) != 0 || partial.Length > upload.Size)
        {
            // Never ours (a link or folder planted under our temporary name), or not a prefix: remove it (a link itself, not what it points at).
            DiskErrors.TryDelete(upload.PartialPath);
            return 0;
        }

        if (partial.Length == 0)
        {
            return 0;
        }

        using var handle = File.OpenHandle(upload.PartialPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        upload.Hasher.AppendFile(handle, partial.Length);
        return partial.Length;
    }

    private async ValueTask ReceiveDataAsync(long id, FileMessage message)
    {
        var upload = _uploads.GetValueOrDefault(id) ?? throw new FileTransferException(FileErrorCode.Protocol, $"data for upload id {id}, which was not announced");
        var offset = message.Offset ?? 0;
        var length = message.Length ?? -1;
        if (upload.DataReceived || offset != 0 && offset != upload.Held || length < 0 || offset + length != upload.Size)
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"data for '{RemoteNames.Printable(upload.Name)}' at {offset} of {length} bytes does not match the announced {upload.Size} bytes with {upload.Held} held");
        }

        upload.DataReceived = true;
        if (offset == 0 && upload.Held > 0)
        {
            // The sender's prefix differs from ours: start again.
            upload.Hasher.Dispose();
            upload.Hasher = new FileHasher(upload.Hasher.Algorithm);
        }

        try
        {
            upload.Handle = OpenPartial(upload.PartialPath, offset, upload.Held, upload.Size);
        }
        catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
        {
            upload.Failure = DiskErrors.ToTransferError(ex, upload.Name);
        }

        await ReceiveBytesAsync(upload, offset, length).ConfigureAwait(false);
    }

    /// <summary>Opens the temporary file to write from <paramref name="offset"/>: created afresh (O_CREAT|O_EXCL, never through a link) unless a prefix is kept.</summary>
    private static SafeFileHandle OpenPartial(string path, long offset, long held, long size)
    {
        if (held == 0)
        {
            // Nothing was held when announced: create it, and reserve a big file's blocks at once. Something there now (a
            // link planted meanwhile, say) fails with "exists" rather than being followed, and is removed below.
            SafeFileHandle? created = null;
            try
            {
                created = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
                Preallocation.Reserve(created, size);
                return created;
            }
            catch (IOException) when (created is null && FileRoot.Probe(path) != PathKind.Missing)
            {
                File.Delete(path);
            }
            catch when (created is not null)
            {
                created.Dispose();
                DiskErrors.TryDelete(path);
                throw;
            }
        }
        else if (FileRoot.Probe(path) == PathKind.Link)
        {
            File.Delete(path);
        }

        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        RandomAccess.SetLength(handle, offset);
        return handle;
    }

    private async ValueTask ReceiveBytesAsync(PendingUpload upload, long position, long length)
    {
        var failure = await FileStreaming.ReceiveAsync(_channel, upload.Handle, upload.Hasher, position, length).ConfigureAwait(false);
        if (failure is not null && upload.Failure is null)
        {
            upload.Failure = DiskErrors.ToTransferError(failure, upload.Name);
        }

        if (upload.Failure is not null)
        {
            upload.Handle?.Dispose();
            upload.Handle = null;
            DiskErrors.TryDelete(upload.PartialPath);
        }
    }

    private async ValueTask DoneAsync(long id, FileMessage message)
    {
        var upload = _uploads.GetValueOrDefault(id) ?? throw new FileTransferException(FileErrorCode.Protocol, $"done for upload id {id}, which was not announced");
        if (!upload.DataReceived)
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"done for '{RemoteNames.Printable(upload.Name)}' before its data");
        }

        _uploads.Remove(id);
        string hash;
        try
        {
            if (upload.Failure is { } failure)
            {
                throw failure;
            }

            hash = upload.Hasher.Current();
            if (!FileHasher.HashEquals(hash, message.Hash))
            {
                throw new FileTransferException(FileErrorCode.BadHash, $"'{RemoteNames.Printable(upload.Name)}' arrived with {FileOps.AlgorithmName(upload.Hasher.Algorithm)} {hash}, not the sender's {RemoteNames.Printable(message.Hash)}; nothing was kept");
            }
        }
        catch
        {
            EndUpload(upload, keepPartial: false);
            throw;
        }

        // The ok comes once the file is flushed and renamed, possibly after replies to later requests.
        await StartPublishAsync(upload, hash).ConfigureAwait(false);
    }

    /// <summary>Makes the verified temporary file visible under its name: flushed to disk first, then one atomic rename.</summary>
    private void Publish(PendingUpload upload)
    {
        // The caller flushed the file to disk already.
        upload.Handle!.Dispose();
        upload.Handle = null;
        if (!Options.AllowOverwrite && FileRoot.Probe(upload.FinalPath) == PathKind.Link)
        {
            throw new FileTransferException(FileErrorCode.Exists, $"'{RemoteNames.Printable(upload.Name)}' exists on the server (it does not allow overwriting)");
        }

        try
        {
            // rename(2) replaces a symlink at the final name rather than writing through it.
            File.Move(upload.PartialPath, upload.FinalPath, overwrite: Options.AllowOverwrite);
        }
        catch (IOException) when (!Options.AllowOverwrite && File.Exists(upload.FinalPath))
        {
            throw new FileTransferException(FileErrorCode.Exists, $"'{RemoteNames.Printable(upload.Name)}' appeared on the server during the upload (it does not allow overwriting)");
        }
    }

    /// <summary>Releases an upload's file and lock; the temporary file stays for a resume only when it may be a true prefix.</summary>
    private void EndUpload(PendingUpload upload, bool keepPartial)
    {
        upload.Dispose();
        if (!keepPartial)
        {
            DiskErrors.TryDelete(upload.PartialPath);
        }

        _state.Unlock(upload.FinalPath);
    }
}
