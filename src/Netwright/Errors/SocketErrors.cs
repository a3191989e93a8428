using System.Net.Sockets;

namespace Netwright.Errors;

/// <summary>
/// Turns socket errors into Netwright's typed exceptions: the one map from a platform error to
/// <see cref="ConnectionRefusedException"/>, <see cref="ConnectionResetException"/>, <see cref="AddressInUseException"/>
/// and the rest, used by both transport engines, the clients and the <c>netwright</c> command. The original
/// <see cref="SocketException"/> is always kept as the inner exception.
/// </summary>
/// <remarks>
/// The epoll engine's calls report a Linux error number; <see cref="Interop.Errno.ToSocketException(int)"/> (the shared Linux interop)
/// turns it into the <see cref="SocketException"/> the runtime's own sockets would have thrown, which then comes
/// here, so both engines give the same exception for the same failure. Linux reports a write to a closed peer as
/// EPIPE (<see cref="SocketError.Shutdown"/>), which is a reset from the user's point of view (send(2)).
/// </remarks>
public static class SocketErrors
{
    /// <summary>Translates a failed socket operation into Netwright's exception for it.</summary>
    /// <param name="exception">What the operation threw; kept as the inner exception.</param>
    /// <param name="operation">The operation, as the message starts with it: <c>connect</c>, <c>bind</c>, <c>receive on</c>, ...</param>
    /// <param name="endPoint">The endpoint involved, as the user wrote or sees it.</param>
    /// <returns>
    /// <see cref="ConnectionRefusedException"/> when nobody listens (also a <c>connect</c> to a Unix path with no socket),
    /// <see cref="HostNotFoundException"/>, <see cref="NetworkTimeoutException"/>, <see cref="AddressInUseException"/>,
    /// <see cref="ConnectionResetException"/>, <see cref="ConnectionAbortedException"/> when the socket was closed
    /// locally, else <see cref="NetwrightException"/> with the platform's message.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static NetwrightException Translate(SocketException exception, string operation, string endPoint)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(endPoint);
        return exception.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => new ConnectionRefusedException($"{operation} {endPoint}: connection refused (nobody is listening)", exception),
            SocketError.AddressNotAvailable when operation == "connect" => new ConnectionRefusedException($"{operation} {endPoint}: no server at that address", exception),
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery =>
                new HostNotFoundException($"{operation} {endPoint}: host not found", exception),
            SocketError.TimedOut => new NetworkTimeoutException($"{operation} {endPoint}: timed out", exception),
            SocketError.AddressAlreadyInUse => new AddressInUseException($"{operation} {endPoint}: address already in use", exception),
            SocketError.AddressNotAvailable => new NetwrightException($"{operation} {endPoint}: address not available on this machine", exception),
            SocketError.AccessDenied => new NetwrightException($"{operation} {endPoint}: permission denied", exception),
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => new NetwrightException($"{operation} {endPoint}: unreachable", exception),
            var code when IsConnectionReset(code) => new ConnectionResetException($"{operation} {endPoint}: connection reset by peer", exception),
            var code when IsLocalAbort(code) => new ConnectionAbortedException($"{operation} {endPoint}: connection closed locally", exception),
            _ => new NetwrightException($"{operation} {endPoint}: {exception.Message}", exception),
        };
    }

    /// <summary>
    /// Translates the error that ends an open connection's receive or send loop (either engine): the peer's reset, or a
    /// connection the kernel gave up on (ETIMEDOUT from keep-alive or retransmission, tcp(7)), becomes
    /// <see cref="ConnectionResetException"/>; anything else <see cref="NetwrightException"/>.
    /// </summary>
    internal static NetwrightException ConnectionLost(SocketException exception, string connectionId, bool sending) =>
        IsConnectionLost(exception.SocketErrorCode)
            ? new ConnectionResetException($"connection {connectionId} was reset by the peer{(sending ? " while sending" : "")}", exception)
            : new NetwrightException($"connection {connectionId}: {(sending ? "send" : "receive")} failed: {exception.Message}", exception);

    /// <summary>Gets whether <paramref name="error"/> means the peer reset the connection (or, for a send, had closed it).</summary>
    internal static bool IsConnectionReset(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted;

    /// <summary>Gets whether an open connection is gone from the peer's side: a reset, or the kernel timed it out.</summary>
    internal static bool IsConnectionLost(SocketError error) => IsConnectionReset(error) || error == SocketError.TimedOut;

    /// <summary>Errors that mean "we closed this socket ourselves" (dispose mid-receive shows up as these on Unix).</summary>
    internal static bool IsLocalAbort(SocketError error) =>
        error is SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument or SocketError.NotSocket;
}
