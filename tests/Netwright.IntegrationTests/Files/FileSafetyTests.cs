using System.Security.Cryptography;
using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Services.Files.Internal;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Files;

/// <summary>What the server refuses, and that a refusal leaves nothing behind, in both styles.</summary>
public sealed class FileSafetyTests
{
    public static TheoryData<ServiceStyle> Styles => [ServiceStyle.Handler, ServiceStyle.Event];

    public static TheoryData<ServiceStyle, string> BadNames
    {
        get
        {
            var data = new TheoryData<ServiceStyle, string>();
            foreach (var style in new[] { ServiceStyle.Handler, ServiceStyle.Event })
            {
                foreach (var name in new[] { "../escape", "a/../../b", "/etc/passwd", "C:evil", "a\\b", "bell\u0007", "", "a//b", "./a", "CON", "lpt1.txt", new string('x', 241), string.Join('/', Enumerable.Repeat("d", 2100)), "x.nwpart" })
                {
                    data.Add(style, name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task NamesThatCouldEscapeTheRootAreRefusedAsBadNames(ServiceStyle style, string name)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var file = server.LocalFile("f.txt", 10);
        await using var client = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<FileTransferException>(() => client.PutAsync([new FileUpload(file, name)]).DefaultTimeout());

        Assert.Equal(FileErrorCode.BadName, error.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.Root));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task SymlinksThatLeadOutOfTheRootAreNeitherReadNorWrittenThrough(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        var outside = Directory.CreateDirectory(Path.Combine(server.Local, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "secret");
        Directory.CreateSymbolicLink(Path.Combine(server.Root, "out"), outside);
        File.CreateSymbolicLink(Path.Combine(server.Root, "link.txt"), Path.Combine(outside, "secret.txt"));
        var file = server.LocalFile("f.txt", 10);
        await using var client = await server.ConnectAsync();

        // A failed transfer closes its client (the pipeline's state is unknown), so each gets a new one.
        var read = await Assert.ThrowsAsync<FileTransferException>(async () => { await using var c = await server.ConnectAsync(); await c.GetAsync(["out/secret.txt"], Path.Combine(server.Local, "g")).DefaultTimeout(); });
        var readLink = await Assert.ThrowsAsync<FileTransferException>(() => client.StatAsync("link.txt").DefaultTimeout());
        var write = await Assert.ThrowsAsync<FileTransferException>(async () => { await using var c = await server.ConnectAsync(); await c.PutAsync([new FileUpload(file, "out/new.txt")]).DefaultTimeout(); });

        Assert.Equal(FileErrorCode.NotAllowed, read.Code);
        Assert.Equal(FileErrorCode.NotAllowed, readLink.Code);
        Assert.Equal(FileErrorCode.NotAllowed, write.Code);
        Assert.False(File.Exists(Path.Combine(outside, "new.txt")));
        Assert.DoesNotContain(await client.ListAsync(recursive: true).DefaultTimeout(), e => e.Name.StartsWith("out", StringComparison.Ordinal) || e.Name == "link.txt");
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task AnExistingFileIsRefusedUnlessOverwritingIsAllowed(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        File.WriteAllText(Path.Combine(server.Root, "e.txt"), "old");
        var file = server.LocalFile("e.txt", 50);
        await using (var client = await server.ConnectAsync())
        {
            var error = await Assert.ThrowsAsync<FileTransferException>(() => client.PutAsync([new FileUpload(file, "e.txt")]).DefaultTimeout());
            Assert.Equal(FileErrorCode.Exists, error.Code);
            Assert.Equal("old", File.ReadAllText(Path.Combine(server.Root, "e.txt")));
        }

        await server.RestartAsync(style, o => o.AllowOverwrite = true);
        await using (var client = await server.ConnectAsync())
        {
            await client.PutAsync([new FileUpload(file, "e.txt")]).DefaultTimeout();
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(server.Root, "e.txt")));
        }
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task LimitsAndPermissionsGiveTheirOwnErrors(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style, o => o.MaxFileSize = 1000);
        File.WriteAllText(Path.Combine(server.Root, "keep.txt"), "keep");
        var big = server.LocalFile("big.bin", 1001);
        await using (var sender = await server.ConnectAsync())
        {
            Assert.Equal(FileErrorCode.TooLarge, (await Assert.ThrowsAsync<FileTransferException>(() => sender.PutAsync([new FileUpload(big, "big.bin")]).DefaultTimeout())).Code);
        }

        await using (var client = await server.ConnectAsync())
        {
            Assert.Equal(FileErrorCode.NotAllowed, (await Assert.ThrowsAsync<FileTransferException>(() => client.DeleteAsync("keep.txt").DefaultTimeout())).Code);
            Assert.Equal(FileErrorCode.NoSuchFile, (await Assert.ThrowsAsync<FileTransferException>(() => client.StatAsync("missing").DefaultTimeout())).Code);
        }

        await server.RestartAsync(style, o => o.ReadOnly = true);
        await using (var client = await server.ConnectAsync())
        {
            Assert.Equal(FileErrorCode.NotAllowed, (await Assert.ThrowsAsync<FileTransferException>(() => client.PutAsync([new FileUpload(big, "x.bin")]).DefaultTimeout())).Code);
        }

        await server.RestartAsync(style, o => o.AllowDelete = true);
        await using (var client = await server.ConnectAsync())
        {
            await client.DeleteAsync("keep.txt").DefaultTimeout();
            Assert.False(File.Exists(Path.Combine(server.Root, "keep.txt")));
        }
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task AWrongOrMissingTokenIsRefusedAndTheRightOneAccepted(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style, o => o.Token = "s3cret");

        var missing = await Assert.ThrowsAsync<FileTransferException>(() => server.ConnectAsync());
        var wrong = await Assert.ThrowsAsync<FileTransferException>(() => server.ConnectAsync(new FileClientOptions { Token = "guess" }));
        await using var client = await server.ConnectAsync(new FileClientOptions { Token = "s3cret" });

        Assert.Equal(FileErrorCode.BadToken, missing.Code);
        Assert.Equal(FileErrorCode.BadToken, wrong.Code);
        Assert.Empty(await client.ListAsync().DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task TwoUploadsOfOneNameNeverInterleave(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        await using var first = await RawFilesClient.ConnectAsync(server.Endpoint);
        await using var second = await RawFilesClient.ConnectAsync(server.Endpoint);

        Assert.Equal("ready", (await first.PutAsync(1, "same.bin", 10)).Op);
        var refused = await second.PutAsync(1, "same.bin", 10);

        Assert.Equal("error", refused.Op);
        Assert.Equal("busy", refused.Code);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task BytesThatDoNotMatchTheHashAreRefusedAndNothingIsKept(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        await using var raw = await RawFilesClient.ConnectAsync(server.Endpoint);
        await raw.PutAsync(1, "h.bin", 4);
        await raw.SendAsync(new FileMessage { Op = "data", Id = 1, Offset = 0, Length = 4 });
        await raw.SendRawAsync([1, 2, 3, 4]);
        await raw.SendAsync(new FileMessage { Op = "done", Id = 1, Hash = Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2, 3, 5 })) });

        var reply = await raw.ReadAsync();

        Assert.Equal("bad-hash", reply?.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.Root));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task MoreBytesThanAnnouncedCloseTheConnectionAndRemoveTheTemporaryFile(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        await using var raw = await RawFilesClient.ConnectAsync(server.Endpoint);
        await raw.PutAsync(1, "m.bin", 4);
        await raw.SendAsync(new FileMessage { Op = "data", Id = 1, Offset = 0, Length = 4 });
        await raw.SendRawAsync([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

        var reply = await raw.ReadAsync();

        Assert.Equal("protocol", reply?.Code);
        Assert.True(await raw.ClosedByServerAsync());
        await FileTransferTests.WaitUntilAsync(() => !Directory.EnumerateFileSystemEntries(server.Root).Any());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task APeerThatStallsIsTimedOut(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style, o => o.StallTimeout = TimeSpan.FromSeconds(1));
        await using var raw = await RawFilesClient.ConnectAsync(server.Endpoint);
        await raw.PutAsync(1, "s.bin", 1000);
        await raw.SendAsync(new FileMessage { Op = "data", Id = 1, Offset = 0, Length = 1000 });
        await raw.SendRawAsync(new byte[10]);

        // Closed well within the test's own 10 s limit, with the partial bytes kept for a resume.
        Assert.True(await raw.ClosedByServerAsync());
        await FileTransferTests.WaitUntilAsync(() => File.Exists(Path.Combine(server.Root, ".s.bin.nwpart")));
        Assert.False(File.Exists(Path.Combine(server.Root, "s.bin")));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task AClientIdleBetweenRequestsIsKeptPastTheStallTimeout(ServiceStyle style)
    {
        // The stall timeout is for a transfer that stops; a library user may hold a connection between operations,
        // as HTTP keep-alive does, until the server's idle timeout.
        var stall = TimeSpan.FromMilliseconds(300);
        await using var server = await FileServerFixture.StartAsync(style, o => o.StallTimeout = stall);
        await using var client = await server.ConnectAsync();
        Assert.Empty(await client.ListAsync().DefaultTimeout());

        // The time passing is what is tested: several stall timeouts without a request.
        await Task.Delay(stall * 4);

        Assert.Empty(await client.ListAsync().DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task APeerThatStopsInsideAControlMessageIsTimedOut(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style, o => o.StallTimeout = TimeSpan.FromMilliseconds(300));
        await using var raw = await RawFilesClient.ConnectAsync(server.Endpoint);

        // Two bytes of a four-byte length: a message begun and never finished.
        await raw.SendRawAsync([0, 0]);

        Assert.True(await raw.ClosedByServerAsync());
    }
}
