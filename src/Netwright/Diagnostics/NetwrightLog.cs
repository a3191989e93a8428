using Microsoft.Extensions.Logging;

namespace Netwright.Diagnostics;

/// <summary>
/// Every log message the servers write, with stable event ids (Kestrel's <c>SocketsLog</c> shape).
/// Levels: Information for listeners starting and stopping, Debug for connection events, Warning for
/// limits and bad input, Error for handler bugs, Critical for a dead accept loop.
/// </summary>
internal static partial class NetwrightLog
{
    private static readonly Func<ILogger, string, IDisposable?> s_connectionScope = LoggerMessage.DefineScope<string>("ConnectionId:{ConnectionId}");

    /// <summary>Opens the per-connection scope, so every line a handler logs carries the connection id.</summary>
    public static IDisposable? ConnectionScope(ILogger logger, string connectionId) => s_connectionScope(logger, connectionId);

    [LoggerMessage(1, LogLevel.Information, "Listening on {EndPoint}", EventName = "ListenerStarted")]
    public static partial void ListenerStarted(ILogger logger, string endPoint);

    [LoggerMessage(2, LogLevel.Information, "Stopped listening on {EndPoint}", EventName = "ListenerStopped")]
    public static partial void ListenerStopped(ILogger logger, string endPoint);

    [LoggerMessage(3, LogLevel.Debug, "Connection {ConnectionId} from {RemoteEndPoint} accepted on {EndPoint}", EventName = "ConnectionAccepted")]
    public static partial void ConnectionAccepted(ILogger logger, string connectionId, string remoteEndPoint, string endPoint);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} closed after {Duration} ms ({BytesIn} bytes in, {BytesOut} bytes out)", EventName = "ConnectionClosed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, long duration, long bytesIn, long bytesOut);

    [LoggerMessage(5, LogLevel.Debug, "Connection {ConnectionId} ended by the peer: {Reason}", EventName = "ConnectionReset")]
    public static partial void ConnectionReset(ILogger logger, string connectionId, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Connection {ConnectionId} sent bad data: {Reason} ({Suppressed} more not logged)", EventName = "BadInput")]
    public static partial void BadInput(ILogger logger, string connectionId, string reason, long suppressed = 0);

    [LoggerMessage(7, LogLevel.Error, "Handler for connection {ConnectionId} failed", EventName = "HandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(8, LogLevel.Warning, "Connection from {RemoteEndPoint} rejected: {Reason} ({Suppressed} more not logged)", EventName = "ConnectionRejected")]
    public static partial void ConnectionRejected(ILogger logger, string remoteEndPoint, string reason, long suppressed);

    [LoggerMessage(9, LogLevel.Debug, "Connection {ConnectionId} idle for {IdleSeconds} s, closing", EventName = "IdleTimeout")]
    public static partial void IdleTimeout(ILogger logger, string connectionId, double idleSeconds);

    [LoggerMessage(10, LogLevel.Critical, "Accept loop on {EndPoint} failed; no new connections will be accepted there", EventName = "AcceptLoopFailed")]
    public static partial void AcceptLoopFailed(ILogger logger, Exception exception, string endPoint);

    [LoggerMessage(11, LogLevel.Error, "Datagram handler on {EndPoint} failed for a datagram from {RemoteEndPoint} ({Suppressed} more not logged)", EventName = "DatagramHandlerFailed")]
    public static partial void DatagramHandlerFailed(ILogger logger, Exception exception, string endPoint, string remoteEndPoint, long suppressed);

    [LoggerMessage(12, LogLevel.Debug, "Datagram socket {EndPoint}: {Reason} ({Suppressed} more not logged)", EventName = "DatagramError")]
    public static partial void DatagramError(ILogger logger, string endPoint, string reason, long suppressed);

    [LoggerMessage(13, LogLevel.Information, "Stopping: {Open} connections open, waiting for them to finish", EventName = "Stopping")]
    public static partial void Stopping(ILogger logger, int open);

    [LoggerMessage(14, LogLevel.Warning, "Grace period over: aborting {Open} connections", EventName = "AbortingConnections")]
    public static partial void AbortingConnections(ILogger logger, int open);

    [LoggerMessage(15, LogLevel.Warning, "Datagram from {RemoteEndPoint} on {EndPoint} sent bad data: {Reason} ({Suppressed} more not logged)", EventName = "BadDatagram")]
    public static partial void BadDatagram(ILogger logger, string endPoint, string remoteEndPoint, string reason, long suppressed);

    [LoggerMessage(16, LogLevel.Warning, "Reply on {EndPoint} to {RemoteEndPoint} not sent: {Reason} ({Suppressed} more not logged)", EventName = "DatagramReplyFailed")]
    public static partial void DatagramReplyFailed(ILogger logger, string endPoint, string remoteEndPoint, string reason, long suppressed);

    [LoggerMessage(18, LogLevel.Warning, "Datagrams from {RemoteEndPoint} on {EndPoint} over the rate of {Rate} per second dropped unanswered ({Suppressed} more dropped from any source since the last line)", EventName = "DatagramRateLimited")]
    public static partial void DatagramRateLimited(ILogger logger, string endPoint, string remoteEndPoint, double rate, long suppressed);

    [LoggerMessage(17, LogLevel.Warning, "Connection {ConnectionId} aborted: {Reason} ({Suppressed} more not logged)", EventName = "ConnectionDropped")]
    public static partial void ConnectionDropped(ILogger logger, string connectionId, string reason, long suppressed);
}
