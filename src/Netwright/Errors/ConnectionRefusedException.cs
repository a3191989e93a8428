namespace Netwright.Errors;

/// <summary>Nobody listens at the endpoint: the peer answered a connection attempt with a reset (ECONNREFUSED), or a Unix socket path has no server.</summary>
public sealed class ConnectionRefusedException : NetwrightException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    public ConnectionRefusedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public ConnectionRefusedException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ConnectionRefusedException()
    {
    }
}
