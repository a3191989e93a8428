using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// Sends a file's bytes: each chunk is read from disk straight into the output pipe's memory, hashed there, and
/// flushed; the transport's send loop empties the pipe while the next chunk is read, and the pipe's limit
/// holds us back when the network is slower than the disk.
/// </summary>
internal static class FileStreaming
{
    public const int ChunkSize = 256 * 1024;

    /// <summary>Sends bytes <paramref name="start"/> to <paramref name="end"/> of <paramref name="file"/>, calling <paramref name="progress"/> with each new position.</summary>
    /// <exception cref="IOException">The file shrank while it was sent.</exception>
    public static async ValueTask SendAsync(SafeFileHandle file, long start, long end, FileHasher hasher, PipeWriter output, Action<long>? progress = null, CancellationToken cancellationToken = default)
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

            hasher.Append(memory.Span[..read]);
            output.Advance(read);
            position += read;
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
                try
                {
                    segments.Clear();
                    foreach (var segment in take)
                    {
                        hasher.Append(segment.Span);
                        segments.Add(segment);
                    }

                    RandomAccess.Write(file!, segments, position);
                    writeBehind!.Written(position + take.Length);
                }
                catch (Exception ex) when (DiskErrors.IsFileSystemError(ex))
                {
                    failure = ex;
                }
            }

            position += take.Length;
            remaining -= take.Length;
            channel.AdvanceTo(take.End);
            progress?.Invoke(position);
        }

        return failure;
    }
}
