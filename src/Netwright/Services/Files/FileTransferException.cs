using Netwright.Errors;

namespace Netwright.Services.Files;

/// <summary>A file operation the server (or the receiving side) refused, with its typed <see cref="Code"/>.</summary>
public sealed class FileTransferException : NetwrightException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">Why the operation failed.</param>
    /// <param name="message">One clear line for the user.</param>
    public FileTransferException(FileErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates the exception with no specific code.</summary>
    public FileTransferException()
        : this(FileErrorCode.Failed, "file transfer failed")
    {
    }

    /// <summary>Creates the exception with no specific code.</summary>
    /// <param name="message">One clear line for the user.</param>
    public FileTransferException(string message)
        : this(FileErrorCode.Failed, message)
    {
    }

    /// <summary>Creates the exception with no specific code.</summary>
    /// <param name="message">One clear line for the user.</param>
    /// <param name="innerException">The cause.</param>
    public FileTransferException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = FileErrorCode.Failed;
    }

    /// <summary>Gets why the operation failed.</summary>
    public FileErrorCode Code { get; }
}
