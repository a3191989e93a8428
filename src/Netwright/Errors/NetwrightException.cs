namespace Netwright.Errors;

/// <summary>
/// The base of every network failure Netwright reports, in the spirit of Python's <c>socket.error</c>
/// (an <see cref="IOException"/>, so existing catch blocks keep working).
/// </summary>
/// <remarks>
/// Start here: the subclasses say what went wrong in terms a user can act on
/// (<see cref="ConnectionRefusedException"/>, <see cref="HostNotFoundException"/>,
/// <see cref="NetworkTimeoutException"/>, <see cref="ConnectionResetException"/>,
/// <see cref="AddressInUseException"/>, <see cref="UnknownServiceException"/>). The original
/// <see cref="System.Net.Sockets.SocketException"/>, when there is one, is the inner exception.
/// </remarks>
public class NetwrightException : IOException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    public NetwrightException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public NetwrightException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public NetwrightException()
    {
    }
}
