using Microsoft.Extensions.Logging;

namespace Netwright.Chat.Redis;

/// <summary>The Redis backplane's log messages (event ids 1101–1199).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(1101, LogLevel.Information, "Chat node {Node} registered in Redis {Endpoint}; {Others} other node(s)", EventName = "ChatRedisRegistered")]
    public static partial void Registered(ILogger logger, string node, string endpoint, int others);

    [LoggerMessage(1102, LogLevel.Warning, "Chat node {Node} lost Redis ({Reason}); serving its own clients, reconnecting with back-off", EventName = "ChatRedisLost")]
    public static partial void Lost(ILogger logger, string node, string reason);

    [LoggerMessage(1103, LogLevel.Warning, "Chat node {Node}: Redis command failed: {Reason}", EventName = "ChatRedisFailed")]
    public static partial void Failed(ILogger logger, string node, string reason);

    [LoggerMessage(1104, LogLevel.Information, "Chat node {Node}: node {Other} stopped renewing its lease", EventName = "ChatRedisNodeLost")]
    public static partial void NodeLost(ILogger logger, string node, string other);

    [LoggerMessage(1105, LogLevel.Warning, "Chat node {Node} dropped {Count} event(s) and history line(s) for Redis: unreachable or not keeping up", EventName = "ChatRedisDropped")]
    public static partial void Dropped(ILogger logger, string node, long count);
}
