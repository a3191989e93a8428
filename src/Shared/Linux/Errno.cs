using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netwright.Interop;

/// <summary>
/// Turns a Linux error number from a direct libc call into the <see cref="SocketException"/> the runtime's own
/// sockets would have thrown for it, so code above the epoll engines sees one kind of socket error whichever
/// engine ran. The table follows the runtime's Unix mapping (SocketErrorPal.Unix.cs in dotnet/runtime): for
/// example EPIPE is <see cref="SocketError.Shutdown"/> and ENOENT (a Unix socket path with nothing behind it)
/// is <see cref="SocketError.AddressNotAvailable"/>.
/// </summary>
/// <remarks>
/// <c>new SocketException(errno)</c> would be wrong: that constructor takes a <see cref="SocketError"/> code,
/// whose numbers are Windows' (ECONNRESET, 104, is no SocketError at all).
/// </remarks>
internal static class Errno
{
    /// <summary>Gets the socket error for <paramref name="errno"/>; <see cref="SocketError.SocketError"/> when none fits.</summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        0 => SocketError.Success,
        LibC.EINTR => SocketError.Interrupted,
        LibC.EAGAIN => SocketError.WouldBlock,
        LibC.EINPROGRESS => SocketError.InProgress,
        LibC.EALREADY => SocketError.AlreadyInProgress,
        LibC.EPERM or LibC.EACCES => SocketError.AccessDenied,
        LibC.ENOENT or LibC.EADDRNOTAVAIL => SocketError.AddressNotAvailable,
        LibC.EBADF or LibC.ECANCELED => SocketError.OperationAborted,
        LibC.EFAULT => SocketError.Fault,
        LibC.EINVAL => SocketError.InvalidArgument,
        LibC.ENFILE or LibC.EMFILE => SocketError.TooManyOpenSockets,
        LibC.ENOMEM or LibC.ENOBUFS => SocketError.NoBufferSpaceAvailable,
        LibC.EPIPE or LibC.ESHUTDOWN => SocketError.Shutdown,
        LibC.EAFNOSUPPORT => SocketError.AddressFamilyNotSupported,
        LibC.ENOTSOCK => SocketError.NotSocket,
        LibC.EDESTADDRREQ => SocketError.DestinationAddressRequired,
        LibC.EMSGSIZE => SocketError.MessageSize,
        LibC.EPROTOTYPE => SocketError.ProtocolType,
        LibC.ENOPROTOOPT => SocketError.ProtocolOption,
        LibC.EPROTONOSUPPORT => SocketError.ProtocolNotSupported,
        LibC.ESOCKTNOSUPPORT => SocketError.SocketNotSupported,
        LibC.EOPNOTSUPP => SocketError.OperationNotSupported,
        LibC.EPFNOSUPPORT => SocketError.ProtocolFamilyNotSupported,
        LibC.EADDRINUSE => SocketError.AddressAlreadyInUse,
        LibC.ENETDOWN => SocketError.NetworkDown,
        LibC.ENETUNREACH => SocketError.NetworkUnreachable,
        LibC.ENETRESET => SocketError.NetworkReset,
        LibC.ECONNABORTED => SocketError.ConnectionAborted,
        LibC.ECONNRESET => SocketError.ConnectionReset,
        LibC.EISCONN => SocketError.IsConnected,
        LibC.ENOTCONN => SocketError.NotConnected,
        LibC.ETIMEDOUT => SocketError.TimedOut,
        LibC.ECONNREFUSED => SocketError.ConnectionRefused,
        LibC.EHOSTDOWN => SocketError.HostDown,
        LibC.EHOSTUNREACH => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    };

    /// <summary>
    /// Creates the exception for <paramref name="errno"/>: its <see cref="SocketException.SocketErrorCode"/> from
    /// <see cref="ToSocketError"/> and the C library's own text (strerror) as its message, so an errno with no
    /// socket error of its own still says what happened.
    /// </summary>
    public static SocketException ToSocketException(int errno) =>
        new((int)ToSocketError(errno), Marshal.GetPInvokeErrorMessage(errno));

    /// <summary>Creates the exception for the error number the last libc call left (<see cref="Marshal.GetLastPInvokeError"/>).</summary>
    public static SocketException LastError() => ToSocketException(Marshal.GetLastPInvokeError());
}
