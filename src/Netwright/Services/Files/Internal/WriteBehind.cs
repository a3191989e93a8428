using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// Starts the kernel writing a file's received bytes to disk while more arrive, so the fsync before the rename
/// waits for the last few MiB rather than the whole file (an fsync of 2 GiB of dirty pages took longer than the
/// client's 30 s stall timeout on a busy disk). Linux only (sync_file_range(2)); elsewhere it does nothing.
/// </summary>
/// <remarks>
/// SYNC_FILE_RANGE_WRITE only queues the writeback and returns; it is not a durability step, the fsync still is.
/// See https://man7.org/linux/man-pages/man2/sync_file_range.2.html.
/// </remarks>
internal sealed partial class WriteBehind
{
    private const long Step = 8 * 1024 * 1024;
    private const uint SyncFileRangeWrite = 2;
    private readonly SafeFileHandle _file;
    private long _queued;

    public WriteBehind(SafeFileHandle file, long start)
    {
        _file = file;
        _queued = start;
    }

    /// <summary>Notes that the file now holds bytes up to <paramref name="end"/>; every 8 MiB they are queued for writing.</summary>
    public void Written(long end)
    {
        if (end - _queued < Step || !OperatingSystem.IsLinux())
        {
            return;
        }

        // A failure (a file system without it) only loses the head start: the fsync before the rename flushes everything.
        _ = SyncFileRange(_file, _queued, end - _queued, SyncFileRangeWrite);
        _queued = end;
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);
}
