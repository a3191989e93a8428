using StackExchange.Redis;

namespace Netwright.Chat.Redis;

/// <summary>
/// Where the cluster keeps its state in Redis: each node's liveness key (with the lease) and its state hash, the
/// set of nodes, one key per claimed nickname (the owner's node, with the lease), one list per room's history,
/// and two pub/sub channels, the events and the control messages (a node announcing that it synchronised).
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public RedisKey Nodes { get; } = prefix + "nodes";

    public RedisChannel Events { get; } = RedisChannel.Literal(prefix + "events");

    public RedisChannel Control { get; } = RedisChannel.Literal(prefix + "control");

    public string NodePrefix { get; } = prefix + "node:";

    public RedisKey Node(string id) => NodePrefix + id;

    public RedisKey State(string id) => prefix + "state:" + id;

    public RedisKey Nick(string foldedNick) => prefix + "nick:" + foldedNick;

    public RedisKey History(string foldedRoom) => prefix + "history:" + foldedRoom;
}

/// <summary>The Lua scripts that make a nickname claim and its release atomic (only the owner renews or frees it).</summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS[1] nick key, ARGV[1] node, ARGV[2] lease ms, ARGV[3] the node liveness keys' prefix: 1 when the node holds
    /// it now (claimed or renewed), 0 when another live node does. A claim whose node's liveness key is gone is free,
    /// even if the claim's own lease has a moment left.
    /// </summary>
    public const string Claim = """
        local owner = redis.call('GET', KEYS[1])
        if owner == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        if owner and redis.call('EXISTS', ARGV[3] .. owner) == 1 then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>KEYS[1] nick key, ARGV[1] node: deletes the claim only when the node holds it.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
