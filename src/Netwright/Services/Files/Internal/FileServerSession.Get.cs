namespace Netwright.Services.Files.Internal;

/// <summary>GET, LIST, STAT, DELETE and MKDIR.</summary>
internal sealed partial class FileServerSession
{
    private async ValueTask GetAsync(long id, FileMessage message)
    {
        if (!FileOps.TryParseAlgorithm(message.Algorithm, out var algorithm))
        {
            throw new FileTransferException(FileErrorCode.Protocol, $"unknown hash algorithm '{RemoteNames.Printable(message.Algorithm)}'");
        }

        var path = _state.Root.ForRead(message.Name);
        if (Directory.Exists(path))
        {
            throw new FileTransferException(FileErrorCode.NotAllowed, $"'{RemoteNames.Printable(message.Name)}' is a folder: list it and get its files");
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var size = RandomAccess.GetLength(handle);
        var hasher = new FileHasher(algorithm);
        try
        {
            var start = 0L;
            if (message.Offset is > 0 and var offset && offset <= size && message.Hash is not null)
            {
                hasher.AppendFile(handle, offset);
                if (FileHasher.HashEquals(hasher.Current(), message.Hash))
                {
                    start = offset;
                }
                else
                {
                    hasher.Dispose();
                    hasher = new FileHasher(algorithm);
                }
            }

            // The header, the bytes and the end go out as one piece: a finished flush's ok waits until they are sent.
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                _channel.Write(new FileMessage { Op = FileOps.File, Id = id, Name = message.Name, Size = size, Offset = start, Algorithm = FileOps.AlgorithmName(algorithm) });
                try
                {
                    await FileStreaming.SendAsync(handle, start, size, hasher, _channel.Output).ConfigureAwait(false);
                }
                catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
                {
                    // The header announced the size: an error message now would be read as file bytes, so close instead.
                    throw new Errors.ConnectionAbortedException($"reading '{RemoteNames.Printable(message.Name)}' failed mid-send: {ex.Message}", ex);
                }

                await _channel.SendAsync(new FileMessage { Op = FileOps.End, Id = id, Hash = hasher.Current() }).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }

            FilesLog.FileSent(_logger, RemoteNames.Printable(message.Name), size, start, _remote);
            Metrics?.FileTransfer(size - start, "download");
        }
        finally
        {
            hasher.Dispose();
        }
    }

    private async ValueTask ListAsync(long id, FileMessage message)
    {
        var path = _state.Root.ForRead(message.Name);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var count = await WriteEntriesAsync(id, message, path).ConfigureAwait(false);
            await _channel.SendAsync(new FileMessage { Op = FileOps.End, Id = id, Count = count }).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask<long> WriteEntriesAsync(long id, FileMessage message, string path)
    {
        long count = 0;
        if (File.Exists(path))
        {
            _channel.Write(EntryMessage(id, new FileInfo(path)));
            count = 1;
        }
        else
        {
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = message.Recursive == true,
                // Symlinks are neither listed nor descended into, so a tree never leads out of the folder.
                AttributesToSkip = FileAttributes.ReparsePoint,
                IgnoreInaccessible = true,
            };
            foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", options))
            {
                if (entry.Name.EndsWith(RemoteNames.PartialSuffix, StringComparison.Ordinal))
                {
                    continue;
                }

                _channel.Write(EntryMessage(id, entry));
                if (++count % 256 == 0)
                {
                    await _channel.FlushAsync().ConfigureAwait(false);
                }
            }
        }

        return count;
    }

    private async ValueTask StatAsync(long id, FileMessage message)
    {
        var path = _state.Root.ForRead(message.Name);
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        await SendAsync(EntryMessage(id, info)).ConfigureAwait(false);
    }

    private async ValueTask DeleteAsync(long id, FileMessage message)
    {
        if (Options.ReadOnly || !Options.AllowDelete)
        {
            throw new FileTransferException(FileErrorCode.NotAllowed, "this server does not allow deleting (--allow-delete)");
        }

        var path = _state.Root.ForWrite(message.Name, createParents: false);
        if (_state.IsLocked(path))
        {
            throw new FileTransferException(FileErrorCode.Busy, $"'{RemoteNames.Printable(message.Name)}' is being uploaded");
        }

        if (!File.Exists(path))
        {
            throw new FileTransferException(FileErrorCode.NoSuchFile, $"no such file: '{RemoteNames.Printable(message.Name)}'");
        }

        File.Delete(path);
        await SendAsync(new FileMessage { Op = FileOps.Ok, Id = id }).ConfigureAwait(false);
    }

    private async ValueTask MkdirAsync(long id, FileMessage message)
    {
        if (Options.ReadOnly)
        {
            throw new FileTransferException(FileErrorCode.NotAllowed, "this server is read-only");
        }

        _state.Root.CreateFolder(message.Name);
        await SendAsync(new FileMessage { Op = FileOps.Ok, Id = id }).ConfigureAwait(false);
    }

    private FileMessage EntryMessage(long id, FileSystemInfo info) => new()
    {
        Op = FileOps.Entry,
        Id = id,
        Name = _state.Root.NameOf(info.FullName),
        Type = info is DirectoryInfo ? "dir" : "file",
        Size = info is FileInfo file ? file.Length : 0,
        Modified = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
    };
}
