using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// Sends a file's bytes: each chunk is read from disk straight into the output pipe's memory and flushed; the
/// transport's send loop empties the pipe while the next chunk is read, and the pipe's limit holds us back when the
/// network is slower than the disk. Both directions keep hashing off the loop's own time for big transfers.
/// </summary>
internal static class FileStreaming
{
    public const int ChunkSize = 256 * 1024;

    /// <summary>
    /// From this many bytes on, the sender's hash runs on another core beside the send loop, and the receiver hashes
    /// each block on another core while it writes the block: hashing (about 1.4 GB/s of SHA-256 on one core with SHA
    /// extensions) no longer adds to the time the loop spends per byte. Smaller transfers hash inline: handing work
    /// to another thread costs more than it saves.
    /// </summary>
    public const long ParallelHashFrom = 4 * 1024 * 1024;

    /// <summary>Blocks at least this big are hashed on another core while they are written (see <see cref="ParallelHashFrom"/>).</summary>
    private const long ParallelBlockFrom = 128 * 1024;

    /// <summary>Sends bytes <paramref name="start"/> to <paramref name="end"/> of <paramref name="file"/>, calling <paramref name="progress"/> with each new position.</summary>
    /// <remarks>
    /// <para>The last chunk is written but not flushed: the caller flushes it with the message that follows it.</para>
    /// <para>For <see cref="ParallelHashFrom"/> bytes and more, <paramref name="hasher"/> is fed by a task of its own that
    /// reads the same range of the file (from the page cache, just read by the send loop or about to be) while this loop
    /// only reads and sends. A file that changes meanwhile can make the two reads differ; the receiver's hash check then
    /// fails and nothing becomes visible, as with any file changed during a transfer.</para>
    /// </remarks>
    /// <exception cref="IOException">The file shrank while it was sent.</exception>
    public static async ValueTask SendAsync(SafeFileHandle file, long start, long end, FileHasher hasher, PipeWriter output, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (end - start < ParallelHashFrom)
        {
            await SendRangeAsync(file, start, end, hasher, output, progress, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var stop = new CancellationTokenSource();
        var hashing = Task.Run(() => hasher.AppendFile(file, start, end, stop.Token), CancellationToken.None);
        try
        {
            await SendRangeAsync(file, start, end, hasher: null, output, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await hashing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await hashing.ConfigureAwait(false);
    }

    private static async ValueTask SendRangeAsync(SafeFileHandle file, long start, long end, FileHasher? hasher, PipeWriter output, Action<long>? progress, CancellationToken cancellationToken)
    {
        var position = start;
        while (position < end)
        {
            var memory = output.GetMemory(ChunkSize);
            var want = (int)Math.Min(memory.Length, end - position);
            var read = RandomAccess.Read(file, memory.Span[..want], position);
            if (read == 0)
            {
                throw new IOException($"the file shrank to {position} bytes while it was sent ({end} announced)");
            }

            hasher?.Append(memory.Span[..read]);
            output.Advance(read);
            position += read;
            if (position == end)
            {
                // The last chunk goes out with the message that follows it (done, end): one flush fewer per file.
                progress?.Invoke(position);
                break;
            }

            var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new Errors.ConnectionResetException("the peer closed the connection while a file was sent");
            }

            progress?.Invoke(position);
        }
    }

    /// <summary>
    /// Receives <paramref name="length"/> raw bytes into <paramref name="file"/> at <paramref name="position"/>, hashing
    /// them in the pipe's own buffers and writing them with one gathering write per read. After a disk error the
    /// rest is still read and dropped, so the stream stays in step; the error is returned for the caller to report.
    /// </summary>
    /// <exception cref="Errors.ConnectionResetException">The stream ended before <paramref name="length"/> bytes.</exception>
    public static async ValueTask<Exception?> ReceiveAsync(FrameChannel channel, SafeFileHandle? file, FileHasher hasher, long position, long length, Action<long>? progress = null)
    {
        var segments = new List<ReadOnlyMemory<byte>>(16);
        var remaining = length;
        Exception? failure = file is null ? new IOException("the file could not be opened") : null;
        var writeBehind = file is null ? null : new WriteBehind(file, position);
        while (remaining > 0)
        {
            var result = await channel.ReadRawAsync(offload: true).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.IsEmpty && result.IsCompleted)
            {
                throw new Errors.ConnectionResetException($"the connection ended {remaining} bytes before the end of the file");
            }

            var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            if (failure is null)
            {
                // A big block is hashed on another core while this one writes it; both finish before the pipe may reuse it.
                var hashing = take.Length >= ParallelBlockFrom && length >= ParallelHashFrom ? Task.Run(() => Append(hasher, take)) : null;
                try
                {
                    segments.Clear();
                    foreach (var segment in take)
                    {
                        segments.Add(segment);
                    }

                    if (hashing is null)
                    {
                        Append(hasher, take);
                    }

                    RandomAccess.Write(file!, segments, position);
                    writeBehind!.Written(position + take.Length);
                }
                catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
                {
                    failure = ex;
                }
                finally
                {
                    if (hashing is not null)
                    {
                        await hashing.ConfigureAwait(false);
                    }
                }
            }

            position += take.Length;
            remaining -= take.Length;
            channel.AdvanceTo(take.End);
            progress?.Invoke(position);
        }

        return failure;
    }

    private static void Append(FileHasher hasher, ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            hasher.Append(segment.Span);
        }
    }
}
