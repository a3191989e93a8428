namespace Netwright.Services.Files.Internal;

/// <summary>
/// Hashes a file from its start while the sender waits for the receiver's <c>ready</c>, so that a resume does not
/// hash its prefix twice in a row: the receiver hashes its partial copy to answer, and this side hashes the same
/// bytes at the same time. When <c>ready</c> names the offset, hashing stops exactly there (or is dropped when
/// nothing is held, which costs about one block for a fresh upload).
/// </summary>
/// <remarks>
/// The hasher is advanced only up to the target once it is known. If it had already passed the offset when
/// <c>ready</c> came (this side was faster than the receiver), the prefix is hashed again from the start.
/// </remarks>
internal sealed class PrefixHashAhead
{
    private const int BlockSize = 1024 * 1024;
    private const long Unknown = long.MaxValue;

    private readonly Task<(FileHasher Hasher, long Reached)> _run;
    private long _target = Unknown;

    private PrefixHashAhead(string path, long size, FileHashAlgorithm algorithm) =>
        _run = Task.Run(() => Run(path, size, algorithm));

    /// <summary>Starts hashing <paramref name="path"/> in the background; the caller must end it with <see cref="StopAtAsync"/>.</summary>
    public static PrefixHashAhead Start(string path, long size, FileHashAlgorithm algorithm) => new(path, size, algorithm);

    /// <summary>Stops at <paramref name="offset"/> and hands over the hasher holding exactly the first <paramref name="offset"/> bytes, or null when it went past them or failed.</summary>
    /// <returns>The caller owns the returned hasher; with 0, always null (nothing to hand over).</returns>
    public async Task<FileHasher?> StopAtAsync(long offset)
    {
        Volatile.Write(ref _target, offset);
        FileHasher hasher;
        long reached;
        try
        {
            (hasher, reached) = await _run.ConfigureAwait(false);
        }
        catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
        {
            // The caller reads the file again and meets the error itself, where it is reported.
            return null;
        }

        if (reached == offset && offset > 0)
        {
            return hasher;
        }

        hasher.Dispose();
        return null;
    }

    private (FileHasher Hasher, long Reached) Run(string path, long size, FileHashAlgorithm algorithm)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
        var hasher = new FileHasher(algorithm);
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var position = 0L;
            while (position < size)
            {
                var target = Volatile.Read(ref _target);
                if (position >= target)
                {
                    break;
                }

                var want = (int)Math.Min(BlockSize, Math.Min(size, target) - position);
                var read = RandomAccess.Read(file, buffer.AsSpan(0, want), position);
                if (read == 0)
                {
                    break;
                }

                // The target may have arrived during the read: never hash past it.
                target = Volatile.Read(ref _target);
                if (position + read > target)
                {
                    read = (int)Math.Max(0, target - position);
                }

                hasher.Append(buffer.AsSpan(0, read));
                position += read;
            }

            return (hasher, position);
        }
        catch
        {
            hasher.Dispose();
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
