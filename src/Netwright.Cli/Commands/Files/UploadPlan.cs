using Netwright.Services.Files;

namespace Netwright.Cli.Commands.Files;

/// <summary>Turns the paths given to <c>send</c> into files and their names on the server, plus the empty folders of its trees.</summary>
internal sealed record UploadPlan(IReadOnlyList<FileUpload> Files, IReadOnlyList<string> EmptyFolders)
{
    public static UploadPlan Build(IReadOnlyList<string> paths, string? name)
    {
        if (name is not null && paths.Count != 1)
        {
            throw new ArgumentException("--as takes one PATH");
        }

        var uploads = new List<FileUpload>();
        var folders = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                uploads.Add(new FileUpload(full, name ?? Path.GetFileName(full)));
            }
            else if (Directory.Exists(full))
            {
                var prefix = (name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(full))).TrimEnd('/');
                // Symlinks are skipped: a tree is sent as it is, never by following links out of it.
                var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
                foreach (var file in Directory.EnumerateFiles(full, "*", options).Order(StringComparer.Ordinal))
                {
                    uploads.Add(new FileUpload(file, RemoteName(full, file, prefix)));
                }

                // Folders with nothing in them would not appear through their files: they are created on their own.
                var empty = Directory.EnumerateDirectories(full, "*", options).Where(folder => !Directory.EnumerateFileSystemEntries(folder).Any());
                folders.AddRange((Directory.EnumerateFileSystemEntries(full).Any() ? empty : [full]).Select(folder => RemoteName(full, folder, prefix)).Order(StringComparer.Ordinal));
            }
            else
            {
                throw new FileTransferException(FileErrorCode.NoSuchFile, $"no such file or folder: {path}");
            }
        }

        return new UploadPlan(uploads, folders);
    }

    private static string RemoteName(string root, string path, string prefix)
    {
        var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
        return relative == "." ? prefix : prefix.Length == 0 ? relative : prefix + "/" + relative;
    }
}
