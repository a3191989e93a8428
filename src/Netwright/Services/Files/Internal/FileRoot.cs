namespace Netwright.Services.Files.Internal;

/// <summary>
/// Maps checked remote names to paths under the served folder. Writes never pass through a symlink (each
/// component is looked at with lstat before use, and the final step is a rename, which replaces a link rather
/// than following it); reads may follow a symlink only when its final target is still inside the folder.
/// </summary>
internal sealed class FileRoot
{
    public FileRoot(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var info = new DirectoryInfo(full);
        if (!info.Exists)
        {
            throw new DirectoryNotFoundException($"the folder to serve does not exist: {full}");
        }

        // The root itself may be a link (say /srv/files -> /data/files); names are checked against its target.
        FullPath = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? Path.TrimEndingDirectorySeparator(target.FullName)
            : full;
    }

    public string FullPath { get; }

    /// <summary>Gets the path a new file of <paramref name="name"/> will have, creating its parent folders.</summary>
    /// <exception cref="FileTransferException">Bad name, a symlink or file on the way, or the name is a folder.</exception>
    public string ForWrite(string? name, bool createParents) => ForWrite(name, createParents, out _);

    /// <summary>Gets the path a new file of <paramref name="name"/> will have, creating its parent folders, and whether a file is there now.</summary>
    /// <exception cref="FileTransferException">Bad name, a symlink or file on the way, or the name is a folder.</exception>
    public string ForWrite(string? name, bool createParents, out bool exists)
    {
        var components = RemoteNames.Split(name);
        var path = Path.Join(WalkFolders(name, components, components.Length - 1, createParents), components[^1]);
        var kind = Probe(path);
        if (kind == PathKind.Link)
        {
            throw NotAllowed(name, "it is a symlink");
        }

        if (kind == PathKind.Folder)
        {
            throw new FileTransferException(FileErrorCode.Exists, $"'{RemoteNames.Printable(name)}' is a folder");
        }

        exists = kind == PathKind.File;
        return path;
    }

    /// <summary>Creates the folder <paramref name="name"/> and its parents (an existing folder is fine), never through a symlink.</summary>
    /// <exception cref="FileTransferException">Bad name, or a symlink or file on the way or at the name.</exception>
    public string CreateFolder(string? name)
    {
        var components = RemoteNames.Split(name);
        return WalkFolders(name, components, components.Length, createMissing: true);
    }

    /// <summary>Walks the first <paramref name="count"/> components as folders, checking each with lstat and creating missing ones when asked.</summary>
    private string WalkFolders(string? name, string[] components, int count, bool createMissing)
    {
        var path = FullPath;
        for (var i = 0; i < count; i++)
        {
            path = Path.Join(path, components[i]);
            switch (Probe(path))
            {
                case PathKind.Link:
                    throw NotAllowed(name, i == components.Length - 1 ? "it is a symlink" : "a folder on the way is a symlink");
                case PathKind.File:
                    throw new FileTransferException(FileErrorCode.Exists, $"'{RemoteNames.Printable(name)}': '{components[i]}' is a file, not a folder");
                case PathKind.Missing when !createMissing:
                    throw new FileTransferException(FileErrorCode.NoSuchFile, $"no such file: '{RemoteNames.Printable(name)}'");
                case PathKind.Missing:
                    Directory.CreateDirectory(path);
                    break;
            }
        }

        return path;
    }

    /// <summary>Gets the path of an existing file or folder; symlinks must resolve inside the root.</summary>
    /// <exception cref="FileTransferException">Bad name, no such file, or a symlink that leads out.</exception>
    public string ForRead(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return FullPath;
        }

        var components = RemoteNames.Split(name);
        var path = FullPath;
        foreach (var component in components)
        {
            path = Path.Join(path, component);
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !IsInside(target.FullName))
                {
                    throw NotAllowed(name, "it is a symlink that leads out of the served folder");
                }
            }
            else if (!info.Exists && !Directory.Exists(path))
            {
                throw new FileTransferException(FileErrorCode.NoSuchFile, $"no such file: '{RemoteNames.Printable(name)}'");
            }
        }

        return path;
    }

    /// <summary>Gets the relative remote name of <paramref name="fullPath"/>, which is under the root.</summary>
    public string NameOf(string fullPath) => Path.GetRelativePath(FullPath, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Gets where the receiver keeps the partial bytes of <paramref name="finalPath"/>: a hidden file beside it.</summary>
    public static string PartialPathFor(string finalPath) =>
        Path.Join(Path.GetDirectoryName(finalPath), "." + Path.GetFileName(finalPath) + RemoteNames.PartialSuffix);

    /// <summary>Says what is at <paramref name="path"/> itself, never following a symlink: one lstat (every upload checks each folder on its way).</summary>
    public static PathKind Probe(string path)
    {
        // FileSystemInfo.Attributes comes from lstat (and a stat only for a link); it is -1 when nothing is there.
        var attributes = new FileInfo(path).Attributes;
        if ((int)attributes == -1)
        {
            return PathKind.Missing;
        }

        return (attributes & FileAttributes.ReparsePoint) != 0 ? PathKind.Link
            : (attributes & FileAttributes.Directory) != 0 ? PathKind.Folder
            : PathKind.File;
    }

    private bool IsInside(string fullPath)
    {
        var path = Path.TrimEndingDirectorySeparator(fullPath);
        return path == FullPath || path.StartsWith(FullPath + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static FileTransferException NotAllowed(string? name, string reason) =>
        new(FileErrorCode.NotAllowed, $"'{RemoteNames.Printable(name)}': {reason}");
}
