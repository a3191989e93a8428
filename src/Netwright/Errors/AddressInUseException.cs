namespace Netwright.Errors;

/// <summary>The address a listener asked for is already taken (EADDRINUSE).</summary>
public sealed class AddressInUseException : NetwrightException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    public AddressInUseException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the endpoint involved.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public AddressInUseException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public AddressInUseException()
    {
    }
}
