namespace Netwright.Errors;

/// <summary>The connection was closed locally (aborted, or its server stopped) while an operation was in progress.</summary>
public sealed class ConnectionAbortedException : NetwrightException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    public ConnectionAbortedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public ConnectionAbortedException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ConnectionAbortedException()
    {
    }
}
