using Netwright.Services.Files;

namespace Netwright.Cli.Commands.Files;

/// <summary>Turns the paths given to <c>send</c> into files and their names on the server.</summary>
internal static class UploadPlan
{
    public static IReadOnlyList<FileUpload> Build(IReadOnlyList<string> paths, string? name)
    {
        if (name is not null && paths.Count != 1)
        {
            throw new ArgumentException("--as takes one PATH");
        }

        var uploads = new List<FileUpload>();
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
                    var relative = Path.GetRelativePath(full, file).Replace(Path.DirectorySeparatorChar, '/');
                    uploads.Add(new FileUpload(file, prefix.Length == 0 ? relative : prefix + "/" + relative));
                }
            }
            else
            {
                throw new FileTransferException(FileErrorCode.NoSuchFile, $"no such file or folder: {path}");
            }
        }

        return uploads;
    }
}
