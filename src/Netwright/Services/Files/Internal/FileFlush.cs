using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>Runs a file's fsync on a thread of its own, so that many at once never block the thread pool.</summary>
/// <remarks>
/// fsync blocks for the disk. Sixteen of them on pool threads starved the pool on a 2-core machine (it adds threads
/// slowly), which serialised the flushes that were meant to overlap; a dedicated thread per flush costs far less
/// than the flush. See https://learn.microsoft.com/dotnet/standard/threading/the-managed-thread-pool.
/// </remarks>
internal static class FileFlush
{
    public static Task StartAsync(SafeFileHandle file) =>
        Task.Factory.StartNew(static state => RandomAccess.FlushToDisk((SafeFileHandle)state!), file, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
