using System.Net.Sockets;
using Netwright.Errors;

namespace Netwright.Transport.Internal;

/// <summary>
/// The one place that turns platform socket errors into Netwright's typed exceptions, so a caller can
/// catch "refused" or "reset" without knowing error numbers. Linux reports a write to a closed peer
/// as EPIPE (<see cref="SocketError.Shutdown"/>), which is a reset from the user's point of view.
/// </summary>
internal static class SocketErrors
{
    public static bool IsConnectionReset(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted;

    /// <summary>Errors that mean "we closed this socket ourselves" (dispose mid-receive shows up as these on Unix).</summary>
    public static bool IsLocalAbort(SocketError error) =>
        error is SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument or SocketError.NotSocket;

    public static Exception Translate(SocketException exception, string operation, string endpoint) => exception.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new ConnectionRefusedException($"{operation} {endpoint}: connection refused (nobody is listening)", exception),
        SocketError.AddressNotAvailable when operation == "connect" => new ConnectionRefusedException($"{operation} {endpoint}: no server at that address", exception),
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery =>
            new HostNotFoundException($"{operation} {endpoint}: host not found", exception),
        SocketError.TimedOut => new NetworkTimeoutException($"{operation} {endpoint}: timed out", exception),
        SocketError.AddressAlreadyInUse => new AddressInUseException($"{operation} {endpoint}: address already in use", exception),
        SocketError.AddressNotAvailable => new NetwrightException($"{operation} {endpoint}: address not available on this machine", exception),
        SocketError.AccessDenied => new NetwrightException($"{operation} {endpoint}: permission denied", exception),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => new NetwrightException($"{operation} {endpoint}: unreachable", exception),
        var code when IsConnectionReset(code) => new ConnectionResetException($"{operation} {endpoint}: connection reset by peer", exception),
        var code when IsLocalAbort(code) => new ConnectionAbortedException($"{operation} {endpoint}: connection closed locally", exception),
        _ => new NetwrightException($"{operation} {endpoint}: {exception.Message}", exception),
    };
}
