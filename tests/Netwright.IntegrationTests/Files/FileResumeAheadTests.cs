using System.IO.Hashing;
using System.Security.Cryptography;
using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Files;

/// <summary>
/// Resuming a big upload while the client hashes its prefix ahead of the server's <c>ready</c> (files of 16 MiB and
/// more), and many small files published in batches: the same bytes and hashes as the one-step path.
/// </summary>
public sealed class FileResumeAheadTests
{
    private const int BigSize = 17 * 1024 * 1024 + 5;

    [Theory]
    [InlineData(FileHashAlgorithm.Sha256)]
    [InlineData(FileHashAlgorithm.Xxh128)]
    public async Task BigUploadResumesFromTheServersPrefixWithTheWholeFilesHash(FileHashAlgorithm algorithm)
    {
        await using var server = await FileServerFixture.StartAsync(ServiceStyle.Handler);
        var file = server.LocalFile("big.bin", BigSize);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(Path.Combine(server.Root, ".big.bin.nwpart"), bytes[..(9 * 1024 * 1024 + 3)]);
        await using var client = await server.ConnectAsync(new FileClientOptions { Algorithm = algorithm });

        var sent = await client.PutAsync([new FileUpload(file, "big.bin")]).DefaultTimeout();

        Assert.Equal(9 * 1024 * 1024 + 3, sent[0].ResumedFrom);
        var expected = algorithm == FileHashAlgorithm.Sha256 ? SHA256.HashData(bytes) : XxHash128.Hash(bytes);
        Assert.Equal(Convert.ToHexStringLower(expected), sent[0].Hash);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(server.Root, "big.bin")));
        Assert.False(File.Exists(Path.Combine(server.Root, ".big.bin.nwpart")));
    }

    [Fact]
    public async Task BigUploadWhosePartialCopyDiffersIsSentWholeAndVerified()
    {
        await using var server = await FileServerFixture.StartAsync(ServiceStyle.Handler);
        var file = server.LocalFile("big.bin", BigSize);
        var partial = File.ReadAllBytes(file)[..(12 * 1024 * 1024)];
        partial[^1] ^= 0xff;
        File.WriteAllBytes(Path.Combine(server.Root, ".big.bin.nwpart"), partial);
        await using var client = await server.ConnectAsync();

        var sent = await client.PutAsync([new FileUpload(file, "big.bin")]).DefaultTimeout();

        Assert.Equal(0, sent[0].ResumedFrom);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(server.Root, "big.bin")));
    }

    [Fact]
    public async Task ManySmallFilesAreEachAnsweredOnceAndAllPublished()
    {
        await using var server = await FileServerFixture.StartAsync(ServiceStyle.Handler);
        var uploads = Enumerable.Range(0, 300).Select(i => new FileUpload(server.LocalFile($"many/{i}.bin", 4096 + i, seed: i), $"many/{i}.bin")).ToList();
        await using var client = await server.ConnectAsync();

        var sent = await client.PutAsync(uploads).DefaultTimeout();

        Assert.Equal(uploads.Select(u => u.RemoteName), sent.Select(r => r.Name));
        foreach (var (upload, result) in uploads.Zip(sent))
        {
            var bytes = File.ReadAllBytes(upload.LocalPath);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Hash);
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(server.Root, upload.RemoteName)));
        }

        Assert.Empty(Directory.EnumerateFiles(server.Root, "*.nwpart", SearchOption.AllDirectories));
    }
}
