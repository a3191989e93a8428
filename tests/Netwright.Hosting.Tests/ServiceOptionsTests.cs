using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Netwright.Services.Files;
using Netwright.Testing;

namespace Netwright.Hosting.Tests;

/// <summary>The ready services' own options from configuration: a <c>files</c> listener's <c>Files</c> and the section's <c>Chat</c>.</summary>
public sealed class ServiceOptionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("netwright-files-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AFilesListenerServesTheConfiguredRootWithTheConfiguredTokenAndRules()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "kept.txt"), "kept");
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "files",
            ["Netwright:Listeners:0:Files:Root"] = _root,
            ["Netwright:Listeners:0:Files:Token"] = "s3cret",
            ["Netwright:Listeners:0:Files:ReadOnly"] = "true",
        });
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        var endpoint = HostFixture.Server(host).EndPoints[0];
        using var timeout = TestTimeouts.CreateTokenSource();

        await using (var client = await FileTransferClient.ConnectAsync(endpoint, new FileClientOptions { Token = "s3cret" }, timeout.Token))
        {
            Assert.Equal(["kept.txt"], (await client.ListAsync(cancellationToken: timeout.Token)).Select(e => e.Name));
            var refused = await Assert.ThrowsAsync<FileTransferException>(() => client.DeleteAsync("kept.txt", timeout.Token));
            Assert.Equal(FileErrorCode.NotAllowed, refused.Code);
        }

        var wrongToken = await Assert.ThrowsAsync<FileTransferException>(async () =>
        {
            await using var client = await FileTransferClient.ConnectAsync(endpoint, new FileClientOptions { Token = "guess" }, timeout.Token);
            await client.ListAsync(cancellationToken: timeout.Token);
        });
        Assert.Equal(FileErrorCode.BadToken, wrongToken.Code);
        Assert.True(File.Exists(Path.Combine(_root, "kept.txt")));
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task TheChatSectionNamesTheServerAndGivesTheMessageOfTheDay()
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "chat",
            ["Netwright:Chat:ServerName"] = "irc.config.test",
            ["Netwright:Chat:NetworkName"] = "ConfigNet",
            ["Netwright:Chat:Motd:0"] = "configured greeting",
        });
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        using var timeout = TestTimeouts.CreateTokenSource();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(HostFixture.Server(host).EndPoints[0].Ip(), timeout.Token);

        await socket.SendAsync(Encoding.ASCII.GetBytes("NICK ops\r\nUSER ops 0 * :Ops\r\n"), timeout.Token);
        var lines = new List<string>();
        while (!lines.Any(l => l.Contains(" 376 ", StringComparison.Ordinal)))
        {
            lines.Add((await HostFixture.ReadLineAsync(socket, timeout.Token)).TrimEnd('\r'));
        }

        Assert.StartsWith(":irc.config.test 001 ops ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("NETWORK=ConfigNet", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" 372 ", StringComparison.Ordinal) && l.EndsWith("configured greeting", StringComparison.Ordinal));
        await host.StopAsync().DefaultTimeout();
    }

    [Theory]
    [InlineData("Listeners:0:Service", "files", "Netwright:Listeners:0:Files:Root: missing")]
    [InlineData("Listeners:0:Files:Root", "/nonexistent/netwright", "Netwright:Listeners:0:Files:Root = '/nonexistent/netwright': no such folder")]
    [InlineData("Chat:NickLength", "0", "Netwright:Chat:NickLength = '0': must be between 1 and 100")]
    [InlineData("Chat:ServerName", "two words", "Netwright:Chat:ServerName = 'two words': must be one word")]
    [InlineData("Chat:FloodRate", "-1", "Netwright:Chat:FloodRate = '-1': cannot be negative")]
    public async Task ABadServiceOptionStopsTheStartWithTheKeyAndTheValue(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = key.StartsWith("Listeners:0:Files", StringComparison.Ordinal) ? "files" : "echo",
        };
        settings["Netwright:" + key] = value;
        var builder = HostFixture.CreateBuilder(settings);
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().DefaultTimeout());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxFileSize", "-5", "Netwright:Listeners:0:Files:MaxFileSize = '-5': cannot be negative")]
    [InlineData("StallTimeout", "00:00:00", "Netwright:Listeners:0:Files:StallTimeout = '00:00:00': must be more than zero")]
    [InlineData("AllowDelete", "true", "Netwright:Listeners:0:Files:ReadOnly = 'True': refuses uploads and deletes")]
    public async Task ABadFilesRuleNamesItsKey(string key, string value, string expected)
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "files",
            ["Netwright:Listeners:0:Files:Root"] = _root,
            ["Netwright:Listeners:0:Files:ReadOnly"] = key == "AllowDelete" ? "true" : "false",
            ["Netwright:Listeners:0:Files:" + key] = value,
        });
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().DefaultTimeout());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilesOptionsOnAListenerThatServesSomethingElseAreRefused()
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Service"] = "echo",
            ["Netwright:Listeners:0:Files:Root"] = _root,
        });
        builder.Services.AddNetwrightServer();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().DefaultTimeout());
        Assert.Contains("Netwright:Listeners:0:Files = '{...}': given for a listener that does not serve files (Service = 'echo')", error.Message, StringComparison.Ordinal);
    }
}
