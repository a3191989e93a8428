using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// Reserves a big incoming file's blocks before its bytes arrive (Linux fallocate(2) with FALLOC_FL_KEEP_SIZE): the
/// file system can lay it out in few extents, and a disk without room says so at once. The file's length does not
/// change, so an interrupted upload still leaves exactly the bytes it received for a resume.
/// See https://man7.org/linux/man-pages/man2/fallocate.2.html.
/// </summary>
internal static partial class Preallocation
{
    /// <summary>Files from this size on get their blocks reserved; for small ones the extra call costs more than it saves.</summary>
    public const long MinimumSize = 1024 * 1024;

    private const int KeepSize = 1;
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int Efbig = 27;

    /// <summary>Reserves <paramref name="size"/> bytes for <paramref name="file"/> when it is big enough and the platform can.</summary>
    /// <exception cref="IOException">The disk (or quota) has no room for it; <see cref="Exception.HResult"/> is the errno.</exception>
    public static void Reserve(SafeFileHandle file, long size)
    {
        if (size < MinimumSize || !OperatingSystem.IsLinux())
        {
            return;
        }

        if (FAllocate(file, KeepSize, 0, size) == 0)
        {
            return;
        }

        // Other failures (a file system without fallocate, say) only lose the head start: the writes allocate as usual.
        var errno = Marshal.GetLastPInvokeError();
        if (errno is Enospc or Edquot or Efbig)
        {
            throw new IOException($"no room for {size} bytes: {Marshal.GetPInvokeErrorMessage(errno)}", errno == Efbig ? Enospc : errno);
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int FAllocate(SafeFileHandle fd, int mode, long offset, long length);
}
