namespace Netwright.Chat.Redis;

/// <summary>Settings of a <see cref="RedisChatBackplane"/>.</summary>
public sealed class RedisChatBackplaneOptions
{
    /// <summary>Gets or sets the Redis server, <c>HOST:PORT</c> (StackExchange.Redis configuration syntax). Default: <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>Gets or sets the prefix of every key and channel, so several chats can share one Redis. Default: <c>netwright:chat:</c>.</summary>
    public string KeyPrefix { get; set; } = "netwright:chat:";

    /// <summary>Gets or sets how long a node's liveness and its nickname claims last unless renewed (every third of it); a dead node's nicknames are free within this. Default: 10 s.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the longest wait between reconnection attempts; they back off exponentially up to it. Default: 5 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets this node's name; null for one made of the host name, the process id and a random part. Default: null.</summary>
    public string? NodeId { get; set; }
}
