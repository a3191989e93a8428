namespace Netwright.Services.Files.Internal;

/// <summary>Turns a file-system exception into the protocol's typed error.</summary>
internal static class DiskErrors
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    // Another handle's FileShare lock: Windows reports its sharing violation; on Unix .NET takes an flock
    // (https://github.com/dotnet/runtime/issues/44546) and reports its EWOULDBLOCK with the raw errno as the HResult
    // (11 on Linux, 35 on macOS and the BSDs), under the same "being used by another process" text.
    private const int WindowsSharingViolation = unchecked((int)0x80070020);
    private const int LinuxWouldBlock = 11;
    private const int BsdWouldBlock = 35;

    /// <summary>Whether the file is locked by another handle (an earlier connection still holding its temporary file).</summary>
    public static bool IsSharingViolation(Exception error) => error is IOException { HResult: var code } && (
        code == WindowsSharingViolation
        || (OperatingSystem.IsLinux() && code == LinuxWouldBlock)
        || ((OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()) && code == BsdWouldBlock));

    public static bool IsDiskFull(Exception error) =>
        error is IOException { HResult: Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull };

    public static FileTransferException ToTransferError(Exception error, string? name) => error switch
    {
        FileTransferException transfer => transfer,
        _ when IsDiskFull(error) => new FileTransferException(FileErrorCode.DiskFull, $"'{RemoteNames.Printable(name)}': the disk is full"),
        _ when IsSharingViolation(error) => new FileTransferException(FileErrorCode.Busy, $"'{RemoteNames.Printable(name)}' is still held by an earlier connection; try again shortly"),
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
