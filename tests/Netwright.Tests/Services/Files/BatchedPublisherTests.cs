using Microsoft.Win32.SafeHandles;
using Netwright.Services.Files.Internal;
using Netwright.Testing;

namespace Netwright.Tests.Services.Files;

/// <summary>The fetching client's batched flush and rename: every file queued ends under its name, or alone with its error.</summary>
public sealed class BatchedPublisherTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nw-publish-").FullName;

    [Fact]
    public async Task FilesQueuedTogetherAreAllRenamedWithTheirBytesAndNoTemporaryFileIsLeft()
    {
        var publisher = new BatchedPublisher();
        var published = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            // Queued while earlier ones flush: they form the later batches.
            published.Add(publisher.PublishAsync(Written($"f{i}", i), Partial($"f{i}"), Final($"f{i}")));
        }

        await Task.WhenAll(published).DefaultTimeout();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(Bytes(i), File.ReadAllBytes(Final($"f{i}")));
        }

        Assert.Empty(Directory.GetFiles(_folder, "*.nwpart"));
    }

    [Fact]
    public async Task AFileThatCannotBeRenamedFailsAloneAndTheRestOfItsBatchIsPublished()
    {
        var publisher = new BatchedPublisher();
        var good = publisher.PublishAsync(Written("good", 1), Partial("good"), Final("good"));
        var bad = publisher.PublishAsync(Written("bad", 2), Partial("bad"), Path.Combine(_folder, "missing-folder", "bad"));
        var later = publisher.PublishAsync(Written("later", 3), Partial("later"), Final("later"));

        await Assert.ThrowsAnyAsync<IOException>(() => bad.DefaultTimeout());
        await Task.WhenAll(good, later).DefaultTimeout();

        Assert.Equal(Bytes(1), File.ReadAllBytes(Final("good")));
        Assert.Equal(Bytes(3), File.ReadAllBytes(Final("later")));
        Assert.True(File.Exists(Partial("bad")), "the temporary file stays for the next attempt");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Bytes(int seed)
    {
        var bytes = new byte[1000 + seed];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string Partial(string name) => Path.Combine(_folder, $".{name}.nwpart");

    private string Final(string name) => Path.Combine(_folder, name);

    private SafeFileHandle Written(string name, int seed)
    {
        var handle = File.OpenHandle(Partial(name), FileMode.CreateNew, FileAccess.ReadWrite);
        RandomAccess.Write(handle, Bytes(seed), 0);
        return handle;
    }
}
