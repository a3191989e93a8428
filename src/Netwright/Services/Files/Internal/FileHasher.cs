using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Netwright.Services.Files.Internal;

/// <summary>An incremental hash of either algorithm, fed while the bytes stream; lower-case hex out.</summary>
internal sealed class FileHasher : IDisposable
{
    private readonly IncrementalHash? _sha256;
    private readonly XxHash128? _xxh128;

    /// <summary>How much of a file is read at a time to hash a prefix: few system calls, and still in the CPU's cache.</summary>
    private const int PrefixBlockSize = 1024 * 1024;

    public FileHasher(FileHashAlgorithm algorithm)
    {
        Algorithm = algorithm;
        if (algorithm == FileHashAlgorithm.Xxh128)
        {
            _xxh128 = new XxHash128();
        }
        else
        {
            _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    private FileHasher(FileHashAlgorithm algorithm, IncrementalHash? sha256, XxHash128? xxh128)
    {
        Algorithm = algorithm;
        _sha256 = sha256;
        _xxh128 = xxh128;
    }

    public FileHashAlgorithm Algorithm { get; }

    /// <summary>Copies the state so far: the copy and this hasher then go on independently.</summary>
    public FileHasher Clone() => new(Algorithm, _sha256?.Clone(), _xxh128?.Clone());

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_sha256 is not null)
        {
            _sha256.AppendData(data);
        }
        else
        {
            _xxh128!.Append(data);
        }
    }

    /// <summary>Gets the hash of everything appended so far, without resetting, so a prefix's hash can be reported and the stream continued.</summary>
    public string Current()
    {
        Span<byte> hash = stackalloc byte[32];
        var length = _sha256 is not null ? _sha256.GetCurrentHash(hash) : _xxh128!.GetCurrentHash(hash);
        return Convert.ToHexStringLower(hash[..length]);
    }

    /// <summary>Hashes <paramref name="length"/> bytes of <paramref name="file"/> from its start into this hasher, in large blocks (a resumed prefix may be gigabytes).</summary>
    public void AppendFile(Microsoft.Win32.SafeHandles.SafeFileHandle file, long length) => AppendFile(file, 0, length);

    /// <summary>Hashes the bytes of <paramref name="file"/> from <paramref name="from"/> up to <paramref name="length"/> into this hasher.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the hasher then holds part of the range.</exception>
    public void AppendFile(Microsoft.Win32.SafeHandles.SafeFileHandle file, long from, long length, CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PrefixBlockSize);
        try
        {
            var offset = from;
            while (offset < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(PrefixBlockSize, length - offset)), offset);
                if (read == 0)
                {
                    throw new IOException("the file became shorter while it was read");
                }

                Append(buffer.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static bool HashEquals(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public void Dispose() => _sha256?.Dispose();
}
