namespace Netwright.Errors;

/// <summary>A host name could not be resolved to an address (Python's <c>socket.gaierror</c>).</summary>
public sealed class HostNotFoundException : NetwrightException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    public HostNotFoundException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public HostNotFoundException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public HostNotFoundException()
    {
    }
}
