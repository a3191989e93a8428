using System.Diagnostics;
using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Testing;

namespace Netwright.IntegrationTests.Files;

/// <summary>A full disk on the server, made real with a 1 MiB tmpfs mounted as the served folder (needs root, as CI runs).</summary>
public sealed class FileDiskFullTests
{
    public static TheoryData<ServiceStyle> Styles => [ServiceStyle.Handler, ServiceStyle.Event];

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task AFullDiskIsAClearErrorAndTheTemporaryFileIsRemoved(ServiceStyle style)
    {
        await using var server = await FileServerFixture.StartAsync(style);
        if (!await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", server.Root))
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") != "true", "CI runs as root and must be able to mount a small tmpfs for this test");
            return;
        }

        try
        {
            var file = server.LocalFile("big.bin", 3 * 1024 * 1024);
            var small = server.LocalFile("small.bin", 1000);
            await using (var client = await server.ConnectAsync())
            {
                var error = await Assert.ThrowsAsync<FileTransferException>(() => client.PutAsync([new FileUpload(file, "big.bin")]).DefaultTimeout());
                Assert.Equal(FileErrorCode.DiskFull, error.Code);
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(server.Root));
            await using (var client = await server.ConnectAsync())
            {
                // The space is free again: the next upload works.
                await client.PutAsync([new FileUpload(small, "small.bin")]).DefaultTimeout();
            }

            Assert.Equal(1000, new FileInfo(Path.Combine(server.Root, "small.bin")).Length);
        }
        finally
        {
            await server.DisposeServerAsync();
            Assert.True(await RunAsync("umount", server.Root));
        }
    }

    private static async Task<bool> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync().DefaultTimeout();
        return process.ExitCode == 0;
    }
}
