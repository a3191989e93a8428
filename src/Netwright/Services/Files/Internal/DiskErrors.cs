namespace Netwright.Services.Files.Internal;

/// <summary>Turns a file-system exception into the protocol's typed error.</summary>
internal static class DiskErrors
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    // .NET reports another handle's FileShare.None lock (flock on Unix, https://github.com/dotnet/runtime/issues/44546)
    // as the Windows sharing violation everywhere.
    private const int SharingViolation = unchecked((int)0x80070020);

    public static bool IsDiskFull(Exception error) =>
        error is IOException { HResult: Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull };

    public static FileTransferException ToTransferError(Exception error, string? name) => error switch
    {
        FileTransferException transfer => transfer,
        _ when IsDiskFull(error) => new FileTransferException(FileErrorCode.DiskFull, $"'{RemoteNames.Printable(name)}': the disk is full"),
        IOException { HResult: SharingViolation } => new FileTransferException(FileErrorCode.Busy, $"'{RemoteNames.Printable(name)}' is still held by an earlier connection; try again shortly"),
        UnauthorizedAccessException => new FileTransferException(FileErrorCode.NotAllowed, $"'{RemoteNames.Printable(name)}': permission denied"),
        FileNotFoundException or DirectoryNotFoundException => new FileTransferException(FileErrorCode.NoSuchFile, $"no such file: '{RemoteNames.Printable(name)}'"),
        _ => new FileTransferException(FileErrorCode.Failed, $"'{RemoteNames.Printable(name)}': {error.Message}"),
    };

    public static bool IsFileSystemError(Exception error) => error is IOException and not Errors.NetwrightException || error is UnauthorizedAccessException;

    /// <summary>Deletes a file, ignoring a failure: used for temporary files on error paths, where the first error matters.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (IsFileSystemError(ex))
        {
            // The temporary file may be gone already or its folder unwritable; the caller reports the original error.
        }
    }
}
