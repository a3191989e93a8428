using Netwright.Clients;
using Netwright.Services.Files.Internal;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Files;

/// <summary>Speaks the files protocol message by message, to play a misbehaving client.</summary>
internal sealed class RawFilesClient : IAsyncDisposable
{
    private readonly Connection _connection;
    private readonly FrameChannel _channel;

    private RawFilesClient(Connection connection)
    {
        _connection = connection;
        _channel = new FrameChannel(connection.Transport.Input, connection.Transport.Output, TestTimeouts.Default, CancellationToken.None);
    }

    public static async Task<RawFilesClient> ConnectAsync(NetEndPoint endpoint, string? token = null, bool hello = true)
    {
        var client = new RawFilesClient(await NetClient.ConnectAsync(endpoint).DefaultTimeout());
        if (hello)
        {
            await client.SendAsync(new FileMessage { Op = FileOps.Hello, Protocol = FileOps.ProtocolName, Version = 1, Token = token });
            var reply = await client.ReadAsync();
            Assert.Equal(FileOps.Hello, reply?.Op);
        }

        return client;
    }

    public Task SendAsync(FileMessage message) => _channel.SendAsync(message).DefaultTimeout();

    public async Task SendRawAsync(byte[] bytes)
    {
        await _connection.Transport.Output.WriteAsync(bytes).DefaultTimeout();
    }

    public Task<FileMessage?> ReadAsync() => _channel.ReadMessageAsync().DefaultTimeout();

    /// <summary>Announces <paramref name="name"/> and waits for ready.</summary>
    public async Task<FileMessage> PutAsync(long id, string name, long size)
    {
        await SendAsync(new FileMessage { Op = FileOps.Put, Id = id, Name = name, Size = size });
        return (await ReadAsync())!;
    }

    /// <summary>Waits until the server closes the connection; true if it did within the test timeout.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        while (true)
        {
            var result = await _connection.Transport.Input.ReadAsync().DefaultTimeout();
            _connection.Transport.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return true;
            }
        }
    }

    public void Abort() => _connection.Abort();

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _connection.DisposeAsync();
    }
}
