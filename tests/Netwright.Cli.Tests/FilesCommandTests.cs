using System.Security.Cryptography;
using Netwright.Cli.Tests.Support;
using Netwright.Testing;

namespace Netwright.Cli.Tests;

/// <summary><c>serve files</c>, <c>send</c>, <c>get</c> and <c>ls</c> as real processes: pipes, exit codes, kill -9.</summary>
public sealed class FilesCommandTests
{
    private const string Ready = @"serving .+ on (?<endpoint>[^ ,]+)";

    [Fact]
    public async Task KillNineOfEitherSideLeavesNoFileUnderItsNameAndTheRerunResumesWithTheRightHash()
    {
        using var directory = new LoopbackDirectory();
        var root = Directory.CreateDirectory(directory.File("root")).FullName;
        var source = directory.File("big.bin");
        await WriteRandomFileAsync(source, 192 * 1024 * 1024);
        var partial = Path.Combine(root, ".big.bin.nwpart");
        var final = Path.Combine(root, "big.bin");

        var server = CliProcess.Start("serve", "files", "--root", root, "--tcp", "0", "--quiet");
        try
        {
            var endpoint = await ReadyEndpointAsync(server);
            await using (var killedClient = CliProcess.Start("send", source, "--to", endpoint))
            {
                await WaitUntilAsync(() => File.Exists(partial) && new FileInfo(partial).Length > 0);
            }

            Assert.False(File.Exists(final));
            var held = new FileInfo(partial).Length;
            await using var client = CliProcess.Start("send", source, "--to", endpoint);
            await WaitUntilAsync(() => new FileInfo(partial).Length > held);
            await server.DisposeAsync();
            Assert.False(File.Exists(final));
        }
        finally
        {
            await server.DisposeAsync();
        }

        await using var again = CliProcess.Start("serve", "files", "--root", root, "--tcp", "0", "--quiet");
        await using var rerun = CliProcess.Start("send", source, "--to", await ReadyEndpointAsync(again));
        var result = await rerun.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("resumed at", line, StringComparison.Ordinal);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(source)));
        Assert.Contains(hash, line, StringComparison.Ordinal);
        Assert.Equal(hash, Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(final))));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task RefusalsAreOneLineWithTheirOwnExitCodes()
    {
        using var directory = new LoopbackDirectory();
        var root = Directory.CreateDirectory(directory.File("root")).FullName;
        var source = directory.File("a.txt");
        await File.WriteAllTextAsync(source, "hello");
        await using var server = CliProcess.Start("serve", "files", "--root", root, "--tcp", "0", "--token", "s3cret");
        var endpoint = await ReadyEndpointAsync(server);

        var sent = await RunAsync("send", source, "--to", endpoint, "--token", "s3cret");
        var exists = await RunAsync("send", source, "--to", endpoint, "--token", "s3cret");
        var badName = await RunAsync("send", source, "--to", endpoint, "--token", "s3cret", "--as", "../escape.txt");
        var badToken = await RunAsync("ls", endpoint, "--token", "wrong");
        var missing = await RunAsync("get", "nope.txt", "--from", endpoint, "--token", "s3cret", "-o", directory.File("down"));
        var listed = await RunAsync("ls", endpoint, "--token", "s3cret", "--json");

        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.StartsWith("sent a.txt  5 bytes", sent.Out, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Exists, 1), (exists.ExitCode, exists.ErrorLines.Length));
        Assert.Equal((ExitCodes.BadName, 1), (badName.ExitCode, badName.ErrorLines.Length));
        Assert.Equal((ExitCodes.BadToken, 1), (badToken.ExitCode, badToken.ErrorLines.Length));
        Assert.Equal((ExitCodes.NoSuchFile, 1), (missing.ExitCode, missing.ErrorLines.Length));
        Assert.Contains("\"name\":\"a.txt\"", listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", server.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATreeWithEmptyFoldersTravelsOverTlsWithAPinnedSelfSignedCertificate()
    {
        using var directory = new LoopbackDirectory();
        var root = Directory.CreateDirectory(directory.File("root")).FullName;
        Directory.CreateDirectory(directory.File("tree/empty/deeper"));
        Directory.CreateDirectory(directory.File("tree/sub"));
        await File.WriteAllTextAsync(directory.File("tree/sub/a.txt"), "hello");
        await using var server = CliProcess.Start("serve", "files", "--root", root, "--tls", "127.0.0.1:0", "--tls-self-signed");
        var pin = (await server.Error.WaitForLineAsync(@"fingerprint (?<pin>[0-9A-F:]+)", CliProcess.Timeout)).Groups["pin"].Value;
        var endpoint = await ReadyEndpointAsync(server);

        var sent = await RunAsync("send", directory.File("tree"), "--to", endpoint, "--pin", pin);
        var listed = await RunAsync("ls", endpoint, "tree", "-R", "--pin", pin);
        var got = await RunAsync("get", "tree", "--from", endpoint, "--pin", pin, "-o", directory.File("down"));
        var untrusted = await RunAsync("ls", endpoint);

        Assert.StartsWith("tls://", endpoint, StringComparison.Ordinal);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.True(got.ExitCode == 0, got.ToString());
        Assert.Contains("tree/empty/deeper/", listed.Out, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(root, "tree/empty/deeper")));
        Assert.True(Directory.Exists(directory.File("down/tree/empty/deeper")));
        Assert.Equal("hello", await File.ReadAllTextAsync(directory.File("down/tree/sub/a.txt")));
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("did not verify", untrusted.Error, StringComparison.Ordinal);
    }


    [Theory]
    [InlineData("sockets")]
    [InlineData("epoll")]
    public async Task ServeFilesRunsOnTheEngineItIsGivenAndTransfersByteExact(string engine)
    {
        using var directory = new LoopbackDirectory();
        var root = Directory.CreateDirectory(directory.File("root")).FullName;
        var source = directory.File("data.bin");
        await WriteRandomFileAsync(source, 3 * 1024 * 1024);
        await using var server = CliProcess.Start("serve", "files", "--root", root, "--tcp", "127.0.0.1:0", "--engine", engine);
        var ready = await server.Error.WaitForLineAsync(Ready, CliProcess.Timeout);
        var endpoint = ready.Groups["endpoint"].Value;

        var sent = await RunAsync("send", source, "--to", endpoint);
        var got = await RunAsync("get", "data.bin", "--from", endpoint, "-o", directory.File("down"));
        var badEngine = await RunAsync("serve", "files", "--root", root, "--tcp", "127.0.0.1:0", "--engine", "carrier-pigeon");

        Assert.Contains($"{engine} engine) serving", server.Error.ToString(), StringComparison.Ordinal);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.True(got.ExitCode == 0, got.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(source), await File.ReadAllBytesAsync(directory.File("down/data.bin")));
        Assert.Equal(ExitCodes.Usage, badEngine.ExitCode);
    }
    [Fact]
    public async Task ServeFilesReExecutesItselfInPlaceWithoutTieredCompilation()
    {
        using var directory = new LoopbackDirectory();
        var root = Directory.CreateDirectory(directory.File("root")).FullName;
        await using var server = CliProcess.Start("serve", "files", "--root", root, "--tcp", "127.0.0.1:0");
        var endpoint = await ReadyEndpointAsync(server);

        var listed = await RunAsync("ls", endpoint);

        Assert.True(listed.ExitCode == 0, listed.ToString());
        if (OperatingSystem.IsLinux())
        {
            // The same process (the pid the test started), now running with the setting, and still the same command.
            Assert.Contains("DOTNET_TieredCompilation=0", (await File.ReadAllTextAsync($"/proc/{server.Id}/environ")).Split('\0'));
            Assert.Contains("files", (await File.ReadAllTextAsync($"/proc/{server.Id}/cmdline")).Split('\0'));
        }
    }

    private static async Task<ProcessResult> RunAsync(params string[] args)
    {
        await using var process = CliProcess.Start(args);
        return await process.WaitForExitAsync();
    }

    private static async Task<string> ReadyEndpointAsync(CliProcess serve) =>
        (await serve.Error.WaitForLineAsync(Ready, CliProcess.Timeout)).Groups["endpoint"].Value;

    private static async Task WriteRandomFileAsync(string path, int size)
    {
        await using var file = File.Create(path);
        var chunk = new byte[1024 * 1024];
        for (var written = 0; written < size; written += chunk.Length)
        {
            RandomNumberGenerator.Fill(chunk);
            await file.WriteAsync(chunk);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(CliProcess.Timeout);
        while (!condition())
        {
            await Task.Delay(2, limit.Token);
        }
    }
}
