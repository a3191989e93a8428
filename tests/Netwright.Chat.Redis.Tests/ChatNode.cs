using Netwright.Servers;
using Netwright.Services.Chat;
using Netwright.Transport;

namespace Netwright.Chat.Redis.Tests;

/// <summary>One chat node in this process: a server on a loopback port 0, a chat and its Redis backplane.</summary>
internal sealed class ChatNode : IAsyncDisposable
{
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NetServer _server;
    private readonly ChatServer _chat;

    private ChatNode(string redis, string prefix, TimeSpan lease, Action<ChatOptions>? configure)
    {
        Backplane = new RedisChatBackplane(new RedisChatBackplaneOptions { Configuration = redis, KeyPrefix = prefix, Lease = lease, MaxReconnectDelay = TimeSpan.FromSeconds(1) });
        Backplane.RegistrationChanged += (_, registered) =>
        {
            if (registered)
            {
                _registered.TrySetResult();
            }
        };
        var options = new ChatOptions { ServerName = "node.test", FloodRate = 0, MaxConnectionsPerAddress = 0, Backplane = Backplane };
        configure?.Invoke(options);
        _chat = new ChatServer(options);
        _server = new NetServer(new NetServerOptions());
        _server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), _chat);
    }

    public RedisChatBackplane Backplane { get; }

    public int Port => _server.EndPoints[0].Port;

    /// <summary>Starts a node and waits until it has registered in Redis.</summary>
    public static async Task<ChatNode> StartAsync(string redis, string prefix, TimeSpan? lease = null, Action<ChatOptions>? configure = null)
    {
        var node = new ChatNode(redis, prefix, lease ?? TimeSpan.FromSeconds(3), configure);
        await node._server.StartAsync().DefaultTimeout();
        await node._registered.Task.DefaultTimeout();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _chat.Dispose();
        await Backplane.DisposeAsync();
    }
}
