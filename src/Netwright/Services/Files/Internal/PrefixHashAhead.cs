namespace Netwright.Services.Files.Internal;

/// <summary>
/// Hashes a file from its start while the sender waits for the receiver's <c>ready</c>, so that a resume does not
/// hash its prefix twice in a row: the receiver hashes its partial copy to answer, and this side hashes the same
/// bytes at the same time. When <c>ready</c> names the offset, hashing stops exactly there (or is dropped when
/// nothing is held, which costs about one block for a fresh upload).
/// </summary>
/// <remarks>
/// The hasher is advanced only up to the target once it is known. If it had already passed the offset when
/// <c>ready</c> came (this side was faster than the receiver, about half the time at equal speeds), it goes on from
/// the last checkpoint before the offset: a copy of the hash state kept every <see cref="CheckpointSpacing"/>
/// (at most <see cref="MaxCheckpoints"/> of them), so at most one spacing is hashed again, not the whole prefix.
/// </remarks>
internal sealed class PrefixHashAhead
{
    private const int BlockSize = 1024 * 1024;
    private const long Unknown = long.MaxValue;
    private const long MinCheckpointSpacing = 64L * 1024 * 1024;
    private const int MaxCheckpoints = 64;

    private readonly Task<(FileHasher Hasher, long Reached)> _run;
    private readonly List<(long Position, FileHasher State)> _checkpoints = [];
    private readonly string _path;
    private readonly long _spacing;
    private long _target = Unknown;

    private PrefixHashAhead(string path, long size, FileHashAlgorithm algorithm, long? spacing)
    {
        _path = path;
        _spacing = spacing ?? Math.Max(MinCheckpointSpacing, (size / MaxCheckpoints) + 1);
        _run = Task.Run(() => Run(path, size, algorithm));
    }

    /// <summary>Gets the distance between two kept hash states (64 MiB, more for files over 4 GiB).</summary>
    private long CheckpointSpacing => _spacing;

    /// <summary>Gets a task that completes when the hashing ahead stops by itself (the whole file hashed, or a failure); for tests.</summary>
    internal Task Ran => _run;

    /// <summary>Starts hashing <paramref name="path"/> in the background; the caller must end it with <see cref="StopAtAsync"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="size">Its length.</param>
    /// <param name="algorithm">The hash.</param>
    /// <param name="checkpointSpacing">The distance between kept hash states; null for the default (tests use small ones).</param>
    public static PrefixHashAhead Start(string path, long size, FileHashAlgorithm algorithm, long? checkpointSpacing = null) => new(path, size, algorithm, checkpointSpacing);

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
            DisposeCheckpoints(keep: null);
            return null;
        }

        if (reached == offset && offset > 0)
        {
            DisposeCheckpoints(keep: null);
            return hasher;
        }

        hasher.Dispose();
        if (reached < offset || offset == 0)
        {
            DisposeCheckpoints(keep: null);
            return null;
        }

        // Went past the offset: continue from the last kept state before it.
        var (position, state) = _checkpoints.FindLast(c => c.Position <= offset);
        DisposeCheckpoints(keep: state);
        if (state is null)
        {
            return null;
        }

        try
        {
            await Task.Run(() =>
            {
                using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
                state.AppendFile(file, position, offset);
            }).ConfigureAwait(false);
            return state;
        }
        catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
        {
            state.Dispose();
            return null;
        }
    }

    private void DisposeCheckpoints(FileHasher? keep)
    {
        foreach (var (_, state) in _checkpoints)
        {
            if (!ReferenceEquals(state, keep))
            {
                state.Dispose();
            }
        }

        _checkpoints.Clear();
    }

    private (FileHasher Hasher, long Reached) Run(string path, long size, FileHashAlgorithm algorithm)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
        var hasher = new FileHasher(algorithm);
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var position = 0L;
            var nextCheckpoint = 0L;
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

                // Keep a copy of the state about every spacing (before hashing past it), position 0 included.
                if (position >= nextCheckpoint && _checkpoints.Count < MaxCheckpoints)
                {
                    _checkpoints.Add((position, hasher.Clone()));
                    nextCheckpoint = position + _spacing;
                }

                hasher.Append(buffer.AsSpan(0, read));
                position += read;
            }

            return (hasher, position);
        }
        catch
        {
            hasher.Dispose();
            DisposeCheckpoints(keep: null);
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
