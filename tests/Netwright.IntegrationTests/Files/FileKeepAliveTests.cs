using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Netwright.Services.Files;
using Netwright.Services.Files.Internal;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Files;

/// <summary>The client's side of keepalive: it asks for them, skips them, and takes an ok that follows them.</summary>
public sealed class FileKeepAliveTests
{
    [Fact]
    public async Task KeepalivesWhileTheServerFlushesAreSkippedAndTheOkStillCompletesTheUpload()
    {
        using var directory = new LoopbackDirectory();
        var file = directory.File("a.bin");
        File.WriteAllBytes(file, new byte[300_000]);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = PlayFlushingServerAsync(listener);
        var endpoint = NetEndPoint.Parse($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

        await using var client = await FileTransferClient.ConnectAsync(endpoint).DefaultTimeout();
        var sent = await client.PutAsync([new FileUpload(file, "a.bin")]).DefaultTimeout();
        var helloFeatures = await server.DefaultTimeout();

        Assert.Contains(FileOps.FeatureKeepAlive, helloFeatures);
        Assert.Equal(sent[0].Hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
    }

    /// <summary>Answers one upload as a server whose flush takes a while: three keepalives before the ok.</summary>
    private static async Task<string[]> PlayFlushingServerAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        using var channel = new FrameChannel(input, output, TestTimeouts.Default, CancellationToken.None);
        var hello = (await channel.ReadMessageAsync())!;
        await channel.SendAsync(new FileMessage { Op = FileOps.Hello, Protocol = FileOps.ProtocolName, Version = 1, Features = [FileOps.FeatureSha256, FileOps.FeatureKeepAlive] });
        var put = (await channel.ReadMessageAsync())!;
        await channel.SendAsync(new FileMessage { Op = FileOps.Ready, Id = put.Id, Offset = 0 });
        var data = (await channel.ReadMessageAsync())!;
        var remaining = data.Length!.Value;
        while (remaining > 0)
        {
            var result = await channel.ReadRawAsync();
            var take = result.Buffer.Slice(0, Math.Min(remaining, result.Buffer.Length));
            remaining -= take.Length;
            channel.AdvanceTo(take.End);
        }

        var done = (await channel.ReadMessageAsync())!;
        for (var i = 0; i < 3; i++)
        {
            await channel.SendAsync(new FileMessage { Op = FileOps.KeepAlive, Id = put.Id });
        }

        await channel.SendAsync(new FileMessage { Op = FileOps.Ok, Id = put.Id, Hash = done.Hash });
        return hello.Features ?? [];
    }
}
