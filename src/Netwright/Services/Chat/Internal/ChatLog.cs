using Microsoft.Extensions.Logging;

namespace Netwright.Services.Chat.Internal;

/// <summary>The chat server's log messages (event ids 1001–1099).</summary>
internal static partial class ChatLog
{
    [LoggerMessage(1001, LogLevel.Debug, "Chat client {ConnectionId} registered as {Nick} ({Kind})", EventName = "ChatRegistered")]
    public static partial void Registered(ILogger logger, string connectionId, string nick, string kind);

    [LoggerMessage(1002, LogLevel.Debug, "Chat client {ConnectionId} ({Nick}) left: {Reason}", EventName = "ChatLeft")]
    public static partial void Left(ILogger logger, string connectionId, string nick, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Chat client {ConnectionId} ({Nick}) disconnected: {Reason} ({Suppressed} more not logged)", EventName = "ChatLimitHit")]
    public static partial void LimitHit(ILogger logger, string connectionId, string nick, string reason, long suppressed);

    [LoggerMessage(1004, LogLevel.Warning, "Chat connection from {Address} refused: {Reason} ({Suppressed} more not logged)", EventName = "ChatRefused")]
    public static partial void Refused(ILogger logger, string address, string reason, long suppressed);

    [LoggerMessage(1005, LogLevel.Warning, "Chat client {ConnectionId} sent bad input: {Reason} ({Suppressed} more not logged)", EventName = "ChatBadInput")]
    public static partial void BadInput(ILogger logger, string connectionId, string reason, long suppressed);

    [LoggerMessage(1006, LogLevel.Information, "Chat cluster: {Message}", EventName = "ChatCluster")]
    public static partial void Cluster(ILogger logger, string message);

    [LoggerMessage(1007, LogLevel.Warning, "Chat cluster problem: {Message} ({Suppressed} more not logged)", EventName = "ChatClusterProblem")]
    public static partial void ClusterProblem(ILogger logger, Exception? exception, string message, long suppressed);
}
