using System.Security.Cryptography;
using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Files;

/// <summary>Sending, fetching, listing and resuming, in both styles (one protocol core, so the same behaviour).</summary>
public sealed class FileTransferTests
{
    public static TheoryData<ServiceStyle> Styles => [ServiceStyle.Handler, ServiceStyle.Event];

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task SentTreeComesBackByteForByteWithMatchingHashes(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var big = server.LocalFile("tree/big.bin", 3 * 1024 * 1024 + 17);
        var uploads = Enumerable.Range(0, 200).Select(i => new FileUpload(server.LocalFile($"tree/small/{i}.txt", i * 7, seed: i), $"tree/small/{i}.txt")).Append(new FileUpload(big, "tree/big.bin")).ToList();
        await using var client = await server.ConnectAsync();

        var sent = await client.PutAsync(uploads).DefaultTimeout();
        var back = Path.Combine(server.Local, "back");
        var got = await client.GetAsync(["tree"], back).DefaultTimeout();

        Assert.Equal(201, sent.Count);
        Assert.Equal(201, got.Count);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(big))), sent[^1].Hash);
        foreach (var upload in uploads)
        {
            Assert.Equal(File.ReadAllBytes(upload.LocalPath), File.ReadAllBytes(Path.Combine(server.Root, upload.RemoteName)));
            Assert.Equal(File.ReadAllBytes(upload.LocalPath), File.ReadAllBytes(Path.Combine(back, upload.RemoteName)));
        }

        var listed = await client.ListAsync("tree", recursive: true).DefaultTimeout();
        Assert.Equal(202, listed.Count);
        Assert.Contains(listed, e => e.Name == "tree/small" && e.IsDirectory);
        Assert.Equal(big.Length > 0 ? new FileInfo(big).Length : 0, (await client.StatAsync("tree/big.bin").DefaultTimeout()).Size);
    }

    [Theory]
    [InlineData(FileHashAlgorithm.Sha256)]
    [InlineData(FileHashAlgorithm.Xxh128)]
    public async Task FilesBigEnoughToBeHashedOnAnotherCoreKeepTheirBytesAndHashesBothWays(FileHashAlgorithm algorithm)
    {
        // Over FileStreaming.ParallelHashFrom: the sender hashes beside its send loop and the receiver beside its writes.
        await using var server = await FileServerFixture.StartAsync(ServiceStyle.Handler);
        var big = server.LocalFile("big.bin", (6 * 1024 * 1024) + 3, seed: 11);
        await using var client = await server.ConnectAsync(new FileClientOptions { Algorithm = algorithm });

        var sent = await client.PutAsync([new FileUpload(big, "big.bin")]).DefaultTimeout();
        var got = await client.GetAsync(["big.bin"], Path.Combine(server.Local, "back")).DefaultTimeout();

        var bytes = File.ReadAllBytes(big);
        var expected = algorithm == FileHashAlgorithm.Sha256
            ? Convert.ToHexStringLower(SHA256.HashData(bytes))
            : Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(bytes));
        Assert.Equal(expected, sent[0].Hash);
        Assert.Equal(expected, got[0].Hash);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(server.Root, "big.bin")));
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(server.Local, "back", "big.bin")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Xxh128VerificationTransfersTheSameBytes(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var file = server.LocalFile("a.bin", 100_000);
        await using var client = await server.ConnectAsync(new FileClientOptions { Algorithm = FileHashAlgorithm.Xxh128 });

        var sent = await client.PutAsync([new FileUpload(file, "a.bin")]).DefaultTimeout();

        Assert.Equal(32, sent[0].Hash.Length);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(server.Root, "a.bin")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task UploadResumesFromAPartialFileWhosePrefixMatches(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var file = server.LocalFile("r.bin", 1_000_000);
        File.WriteAllBytes(Path.Combine(server.Root, ".r.bin.nwpart"), File.ReadAllBytes(file)[..400_000]);
        await using var client = await server.ConnectAsync();

        var sent = await client.PutAsync([new FileUpload(file, "r.bin")]).DefaultTimeout();

        Assert.Equal(400_000, sent[0].ResumedFrom);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(server.Root, "r.bin")));
        Assert.False(File.Exists(Path.Combine(server.Root, ".r.bin.nwpart")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task APartialFileThatDiffersIsSentAgainFromTheStart(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var file = server.LocalFile("r.bin", 300_000);
        File.WriteAllBytes(Path.Combine(server.Root, ".r.bin.nwpart"), new byte[100_000]);
        await using var client = await server.ConnectAsync();

        var sent = await client.PutAsync([new FileUpload(file, "r.bin")]).DefaultTimeout();

        Assert.Equal(0, sent[0].ResumedFrom);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(server.Root, "r.bin")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task DownloadResumesFromALocalPartialFile(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var bytes = RandomNumberGenerator.GetBytes(500_000);
        File.WriteAllBytes(Path.Combine(server.Root, "d.bin"), bytes);
        var target = Directory.CreateDirectory(Path.Combine(server.Local, "down")).FullName;
        File.WriteAllBytes(Path.Combine(target, ".d.bin.nwpart"), bytes[..123_456]);
        await using var client = await server.ConnectAsync();

        var got = await client.GetAsync(["d.bin"], target).DefaultTimeout();

        Assert.Equal(123_456, got[0].ResumedFrom);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, "d.bin")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task ServerStoppedMidUploadShowsNoFileAndTheRerunCompletesWithTheRightHash(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var file = server.LocalFile("k.bin", 2_000_000);
        var bytes = File.ReadAllBytes(file);
        await using (var raw = await RawFilesClient.ConnectAsync(server.Endpoint))
        {
            await raw.PutAsync(1, "k.bin", bytes.Length);
            await raw.SendAsync(new Services.Files.Internal.FileMessage { Op = "data", Id = 1, Offset = 0, Length = bytes.Length });
            await raw.SendRawAsync(bytes[..700_000]);
            var partial = Path.Combine(server.Root, ".k.bin.nwpart");
            await WaitUntilAsync(() => File.Exists(partial) && new FileInfo(partial).Length == 700_000);

            // Abort every connection, as a killed server process would.
            await server.RestartAsync(style);
        }

        Assert.False(File.Exists(Path.Combine(server.Root, "k.bin")));

        // The aborted session may take a moment to let go of its file; until then a rerun is told "busy", as a user would be.
        IReadOnlyList<FileTransferResult>? sent = null;
        using var limit = TestTimeouts.CreateTokenSource();
        while (sent is null)
        {
            await using var client = await server.ConnectAsync();
            try
            {
                sent = await client.PutAsync([new FileUpload(file, "k.bin")]).DefaultTimeout();
            }
            catch (FileTransferException ex) when (ex.Code == FileErrorCode.Busy)
            {
                await Task.Delay(20, limit.Token);
            }
        }

        Assert.Equal(700_000, sent[0].ResumedFrom);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sent[0].Hash);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(server.Root, "k.bin")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task ClientAbortedMidUploadLeavesOnlyAHiddenPartialFile(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var bytes = RandomNumberGenerator.GetBytes(1_000_000);
        var raw = await RawFilesClient.ConnectAsync(server.Endpoint);
        await raw.PutAsync(1, "c.bin", bytes.Length);
        await raw.SendAsync(new Services.Files.Internal.FileMessage { Op = "data", Id = 1, Offset = 0, Length = bytes.Length });
        await raw.SendRawAsync(bytes[..300_000]);
        var partial = Path.Combine(server.Root, ".c.bin.nwpart");
        await WaitUntilAsync(() => File.Exists(partial) && new FileInfo(partial).Length == 300_000);
        raw.Abort();
        await raw.DisposeAsync();

        Assert.Equal(300_000, new FileInfo(partial).Length);
        Assert.False(File.Exists(Path.Combine(server.Root, "c.bin")));
        await using var client = await server.ConnectAsync();
        Assert.DoesNotContain(await client.ListAsync().DefaultTimeout(), e => e.Name.EndsWith(".nwpart", StringComparison.Ordinal));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
