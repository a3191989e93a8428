namespace Netwright.Errors;

/// <summary>An operation did not complete within its time limit (Python's <c>socket.timeout</c>).</summary>
public sealed class NetworkTimeoutException : NetwrightException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    public NetworkTimeoutException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public NetworkTimeoutException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public NetworkTimeoutException()
    {
    }
}
