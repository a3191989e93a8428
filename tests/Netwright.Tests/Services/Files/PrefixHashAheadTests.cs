using System.IO.Hashing;
using System.Security.Cryptography;
using Netwright.Services.Files;
using Netwright.Services.Files.Internal;
using Netwright.Testing;

namespace Netwright.Tests.Services.Files;

/// <summary>
/// The sender's prefix hash, computed while it waits for the receiver's offset: whether it stops in time, or has
/// run past the offset and goes on from a kept hash state, it hands over exactly the hash of the first bytes.
/// </summary>
public sealed class PrefixHashAheadTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nw-prefix-{Guid.NewGuid():N}.bin");
    private readonly byte[] _bytes = new byte[(5 * MiB) + 333];

    public PrefixHashAheadTests()
    {
        new Random(7).NextBytes(_bytes);
        File.WriteAllBytes(_path, _bytes);
    }

    [Theory]
    [InlineData(FileHashAlgorithm.Sha256, (3 * MiB) + 12345)]
    [InlineData(FileHashAlgorithm.Sha256, 2 * MiB)]
    [InlineData(FileHashAlgorithm.Sha256, 100)]
    [InlineData(FileHashAlgorithm.Xxh128, (3 * MiB) + 12345)]
    public async Task PastTheOffsetItGoesOnFromTheLastKeptStateAndHashesExactlyThePrefix(FileHashAlgorithm algorithm, int offset)
    {
        var ahead = PrefixHashAhead.Start(_path, _bytes.Length, algorithm, checkpointSpacing: MiB);
        await ahead.Ran.DefaultTimeout(); // the whole file hashed: well past the offset

        using var hasher = await ahead.StopAtAsync(offset).DefaultTimeout();

        Assert.NotNull(hasher);
        Assert.Equal(Expected(algorithm, offset), hasher.Current());
    }

    [Fact]
    public async Task AnOffsetPastTheEndOfTheFileHandsNothingOver()
    {
        var ahead = PrefixHashAhead.Start(_path, _bytes.Length, FileHashAlgorithm.Sha256, checkpointSpacing: MiB);
        await ahead.Ran.DefaultTimeout();

        Assert.Null(await ahead.StopAtAsync(_bytes.Length + 1L).DefaultTimeout());
    }

    public void Dispose() => File.Delete(_path);

    private string Expected(FileHashAlgorithm algorithm, int offset) => Convert.ToHexStringLower(
        algorithm == FileHashAlgorithm.Sha256 ? SHA256.HashData(_bytes.AsSpan(0, offset)) : XxHash128.Hash(_bytes.AsSpan(0, offset)));
}
