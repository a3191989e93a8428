using Netwright.Servers;
using Netwright.Services;
using Netwright.Services.Files;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Files;

/// <summary>A file server on loopback port 0 over a fresh root, plus a local scratch folder; both removed on dispose.</summary>
internal sealed class FileServerFixture : IAsyncDisposable
{
    private readonly LoopbackDirectory _directory = new();
    private NetServer? _server;

    private FileServerFixture()
    {
        Root = Directory.CreateDirectory(_directory.File("root")).FullName;
        Local = Directory.CreateDirectory(_directory.File("local")).FullName;
    }

    public string Root { get; }

    public string Local { get; }

    public NetEndPoint Endpoint { get; private set; } = null!;

    public static async Task<FileServerFixture> StartAsync(ServiceStyle style, Action<FileServerOptions>? configure = null)
    {
        var fixture = new FileServerFixture();
        await fixture.RestartAsync(style, configure);
        return fixture;
    }

    /// <summary>Starts a new server on the same root, stopping the old one at once (its connections aborted, as by kill -9).</summary>
    public async Task RestartAsync(ServiceStyle style, Action<FileServerOptions>? configure = null)
    {
        await DisposeServerAsync();
        var options = new FileServerOptions { Root = Root, StallTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        _server = new NetServer(new NetServerOptions());
        _server.Listen(NetEndPoint.Parse("tcp://127.0.0.1:0"), FileService.CreateStreamApplication(options, style));
        await _server.StartAsync().DefaultTimeout();
        Endpoint = _server.EndPoints[0];
    }

    public Task<FileTransferClient> ConnectAsync(FileClientOptions? options = null) =>
        FileTransferClient.ConnectAsync(Endpoint, options).DefaultTimeout();

    public string LocalFile(string name, int size, int seed = 1)
    {
        var path = Path.Combine(Local, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Stops the server at once, keeping the folders.</summary>
    public async Task DisposeServerAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(new CancellationToken(canceled: true));
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeServerAsync();
        _directory.Dispose();
    }
}
