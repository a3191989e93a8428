using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Files;

/// <summary>Empty folders travel both ways, and the whole protocol runs unchanged over TLS.</summary>
public sealed class FileFoldersAndTlsTests
{
    public static TheoryData<ServiceStyle> Styles => [ServiceStyle.Handler, ServiceStyle.Event];

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task EmptyFoldersAreCreatedOnTheServerAndComeBackWithTheTree(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var file = server.LocalFile("tree/sub/a.bin", 70_000);
        await using var client = await server.ConnectAsync();

        await client.CreateFoldersAsync(["tree/empty/deeper", "tree/also-empty", "tree/empty/deeper"]).DefaultTimeout();
        await client.PutAsync([new FileUpload(file, "tree/sub/a.bin")]).DefaultTimeout();
        var back = Path.Combine(server.Local, "back");
        await client.GetAsync(["tree"], back).DefaultTimeout();

        Assert.True(Directory.Exists(Path.Combine(server.Root, "tree/empty/deeper")));
        Assert.True(Directory.Exists(Path.Combine(server.Root, "tree/also-empty")));
        Assert.True(Directory.Exists(Path.Combine(back, "tree/empty/deeper")));
        Assert.True(Directory.Exists(Path.Combine(back, "tree/also-empty")));
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(back, "tree/sub/a.bin")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task FoldersAreRefusedWhereAFileOrSymlinkIsInTheWayAndTheConnectionStaysUsable(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        File.WriteAllText(Path.Combine(server.Root, "file"), "x");
        using var outside = new LoopbackDirectory();
        File.CreateSymbolicLink(Path.Combine(server.Root, "link"), outside.Path);
        await using var client = await server.ConnectAsync();

        var underFile = await Assert.ThrowsAsync<FileTransferException>(() => client.CreateFoldersAsync(["ok1", "file/sub", "ok2"]).DefaultTimeout());
        var throughLink = await Assert.ThrowsAsync<FileTransferException>(() => client.CreateFoldersAsync(["link/sub"]).DefaultTimeout());
        var atLink = await Assert.ThrowsAsync<FileTransferException>(() => client.CreateFoldersAsync(["link"]).DefaultTimeout());
        var badName = await Assert.ThrowsAsync<FileTransferException>(() => client.CreateFoldersAsync(["../up"]).DefaultTimeout());

        Assert.Equal(FileErrorCode.Exists, underFile.Code);
        Assert.Equal(FileErrorCode.NotAllowed, throughLink.Code);
        Assert.Equal(FileErrorCode.NotAllowed, atLink.Code);
        Assert.Equal(FileErrorCode.BadName, badName.Code);
        Assert.True(Directory.Exists(Path.Combine(server.Root, "ok1")));
        Assert.True(Directory.Exists(Path.Combine(server.Root, "ok2")));
        Assert.Empty(Directory.GetFileSystemEntries(outside.Path));
        Assert.Contains(await client.ListAsync().DefaultTimeout(), e => e.Name == "ok2" && e.IsDirectory);
    }

    [Fact]
    public async Task AReadOnlyServerOffersNoFolderCreation()
    {
        await using var server = await FileServerFixture.StartAsync(ServiceStyle.Handler, o => o.ReadOnly = true);
        await using var client = await server.ConnectAsync();

        var refused = await Assert.ThrowsAsync<FileTransferException>(() => client.CreateFoldersAsync(["new"]).DefaultTimeout());

        Assert.Equal(FileErrorCode.NotAllowed, refused.Code);
        Assert.DoesNotContain("mkdir", client.ServerFeatures);
        Assert.False(Directory.Exists(Path.Combine(server.Root, "new")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task FilesTravelBothWaysOverTlsVerifiedAndResumable(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style, tls: TestCertificates.ServerOptions());
        var big = server.LocalFile("big.bin", 2 * 1024 * 1024 + 5);
        File.WriteAllBytes(Path.Combine(server.Root, ".big.bin.nwpart"), File.ReadAllBytes(big)[..1_000_000]);
        await using var client = await server.ConnectAsync(new FileClientOptions { Tls = TestCertificates.ClientOptions() });

        var sent = await client.PutAsync([new FileUpload(big, "big.bin")]).DefaultTimeout();
        var back = Path.Combine(server.Local, "back");
        var got = await client.GetAsync(["big.bin"], back).DefaultTimeout();

        Assert.Equal(1_000_000, sent[0].ResumedFrom);
        Assert.Equal(sent[0].Hash, got[0].Hash);
        Assert.Equal(File.ReadAllBytes(big), File.ReadAllBytes(Path.Combine(server.Root, "big.bin")));
        Assert.Equal(File.ReadAllBytes(big), File.ReadAllBytes(Path.Combine(back, "big.bin")));
    }
}
