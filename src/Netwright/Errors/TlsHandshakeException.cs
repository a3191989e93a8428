namespace Netwright.Errors;

/// <summary>A TLS handshake failed; <see cref="Failure"/> says why, the message says it in words.</summary>
public sealed class TlsHandshakeException : NetwrightException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">The class of failure.</param>
    /// <param name="message">What failed, naming the peer and the reason.</param>
    /// <param name="innerException">The platform error behind it, if any.</param>
    public TlsHandshakeException(TlsFailure failure, string message, Exception? innerException = null) : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public TlsHandshakeException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The platform error behind it.</param>
    public TlsHandshakeException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TlsHandshakeException()
    {
    }

    /// <summary>Gets the class of failure; <see cref="TlsFailure.Protocol"/> when not given.</summary>
    public TlsFailure Failure { get; }
}
