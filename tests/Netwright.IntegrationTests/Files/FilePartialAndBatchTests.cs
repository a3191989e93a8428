using System.IO.Hashing;
using System.Security.Cryptography;
using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Files;

/// <summary>
/// The server's temporary files and batches: resuming a big upload while the client hashes its prefix ahead of the
/// server's <c>ready</c> (files of 16 MiB and more), links planted under a temporary name, and many small files
/// published in batches.
/// </summary>
public sealed class FilePartialAndBatchTests
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
        var uploads = Enumerable.Range(0, 150).Select(i => new FileUpload(server.LocalFile($"many/{i}.bin", 4096 + i, seed: i), $"many/{i}.bin")).ToList();
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

    [Fact]
    public async Task ALinkPlantedUnderTheTemporaryNameIsReplacedNeverWrittenThrough()
    {
        await using var server = await FileServerFixture.StartAsync(ServiceStyle.Handler);
        var victim = Path.Combine(Directory.CreateDirectory(Path.Combine(server.Local, "outside")).FullName, "victim.txt");
        File.WriteAllText(victim, "victim");
        File.CreateSymbolicLink(Path.Combine(server.Root, ".t.bin.nwpart"), victim);
        File.CreateSymbolicLink(Path.Combine(server.Root, ".u.bin.nwpart"), Path.Combine(server.Local, "outside", "missing.txt"));
        var t = server.LocalFile("t.bin", 5000, seed: 3);
        var u = server.LocalFile("u.bin", 2 * 1024 * 1024, seed: 4);
        await using var client = await server.ConnectAsync();

        var sent = await client.PutAsync([new FileUpload(t, "t.bin"), new FileUpload(u, "u.bin")]).DefaultTimeout();

        Assert.All(sent, r => Assert.Equal(0, r.ResumedFrom));
        Assert.Equal("victim", File.ReadAllText(victim));
        Assert.False(File.Exists(Path.Combine(server.Local, "outside", "missing.txt")));
        Assert.Equal(File.ReadAllBytes(t), File.ReadAllBytes(Path.Combine(server.Root, "t.bin")));
        Assert.Equal(File.ReadAllBytes(u), File.ReadAllBytes(Path.Combine(server.Root, "u.bin")));
        Assert.Null(new FileInfo(Path.Combine(server.Root, "t.bin")).LinkTarget);
    }
}
