namespace Netwright.Chat.Redis.Tests;

/// <summary>
/// A real redis-server for each test, chat nodes on it under a key prefix of the test's own, and the clients and nodes
/// a test makes, disposed after it (newest first).
/// </summary>
public abstract class ClusterTestBase : IAsyncLifetime
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private readonly List<IAsyncDisposable> _owned = [];

    private protected RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync() => Redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    /// <summary>
    /// Returns once <paramref name="observer"/>'s node has applied everything <paramref name="speaker"/> did so far (a
    /// first member elsewhere makes a joiner no operator): the speaker says a token in #sync, where the observer is,
    /// and one node's events reach the others in order.
    /// </summary>
    private protected static async Task HeardAsync(ChatTestClient speaker, ChatTestClient observer)
    {
        var token = Guid.NewGuid().ToString("N");
        await speaker.SendAsync($"JOIN #sync\r\nPRIVMSG #sync :{token}\r\n");
        await observer.ExpectAsync(token);
    }

    private protected async Task<ChatNode> NodeAsync(Action<Services.Chat.ChatOptions>? configure = null) =>
        await Own(ChatNode.StartAsync(Redis.Endpoint, _prefix, configure: configure));

    private protected async Task<T> Own<T>(Task<T> created)
        where T : IAsyncDisposable
    {
        var value = await created;
        _owned.Add(value);
        return value;
    }
}
