using Microsoft.Extensions.Logging;

namespace Netwright.Services.Files.Internal;

/// <summary>The file server's log lines. Names are printed escaped; the token never appears.</summary>
internal static partial class FilesLog
{
    [LoggerMessage(1101, LogLevel.Information, "Received {Name} ({Size} bytes, {Resumed} resumed) from {Remote}", EventName = "FileReceived")]
    public static partial void FileReceived(ILogger logger, string name, long size, long resumed, string remote);

    [LoggerMessage(1102, LogLevel.Information, "Sent {Name} ({Size} bytes from offset {Offset}) to {Remote}", EventName = "FileSent")]
    public static partial void FileSent(ILogger logger, string name, long size, long offset, string remote);

    [LoggerMessage(1103, LogLevel.Debug, "Refused {Op} from {Remote}: {Code} {Reason}", EventName = "FileRefused")]
    public static partial void Refused(ILogger logger, string op, string remote, string code, string reason);

    [LoggerMessage(1104, LogLevel.Warning, "Closing the connection from {Remote}: {Code} {Reason}", EventName = "FileSessionFailed")]
    public static partial void SessionFailed(ILogger logger, string remote, string code, string reason);

    [LoggerMessage(1105, LogLevel.Debug, "Connection from {Remote} ended: {Reason}", EventName = "FileSessionEnded")]
    public static partial void SessionEnded(ILogger logger, string remote, string reason);

    [LoggerMessage(1106, LogLevel.Error, "The file session failed unexpectedly", EventName = "FileSessionCrashed")]
    public static partial void Unexpected(ILogger logger, Exception exception);
}
