namespace Netwright.Errors;

/// <summary>A service name such as <c>http</c> has no known port for the protocol asked (Python's <c>getservbyname</c> failing).</summary>
public sealed class UnknownServiceException : NetwrightException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    public UnknownServiceException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public UnknownServiceException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public UnknownServiceException()
    {
    }
}
