using Netwright.Errors;

namespace Netwright.Services.Chat;

/// <summary>An IRC server refused the client: registration failed (no free nickname, a wrong password) or the server sent <c>ERROR</c>.</summary>
public sealed class IrcClientException : NetwrightException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What the server refused, with its reply.</param>
    public IrcClientException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What the server refused.</param>
    /// <param name="innerException">The cause.</param>
    public IrcClientException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public IrcClientException()
    {
    }
}
