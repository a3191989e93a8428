namespace Netwright.Framing;

/// <summary>
/// Reports that bytes on a connection break the framing rules: a frame over its size limit, a bad
/// length prefix, text that is not UTF-8, or a stream that ends mid-frame.
/// </summary>
/// <remarks>
/// <para>
/// Bedrock's framers throw <see cref="InvalidDataException"/> for the same cases, but that type is
/// sealed, so this one derives from <see cref="IOException"/>, as ASP.NET Core's
/// <c>BadHttpRequestException</c> does: a <c>catch (IOException)</c> around a read loop sees it.
/// </para>
/// <para>
/// A connection that raises it is usually beyond repair: the reader does not know where the next frame
/// starts, so close it.
/// </para>
/// </remarks>
public sealed class FramingException : IOException
{
    /// <summary>Creates the exception with a default message and <see cref="FramingError.Unspecified"/>.</summary>
    public FramingException()
    {
    }

    /// <summary>Creates the exception with a message and <see cref="FramingError.Unspecified"/>.</summary>
    /// <param name="message">What was wrong with the input.</param>
    public FramingException(string? message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message, an underlying cause and <see cref="FramingError.Unspecified"/>.</summary>
    /// <param name="message">What was wrong with the input.</param>
    /// <param name="innerException">The error that revealed the problem, or <see langword="null"/>.</param>
    public FramingException(string? message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a specific broken rule.</summary>
    /// <param name="error">Which rule the input broke.</param>
    /// <param name="message">What was wrong with the input, with the sizes involved.</param>
    /// <param name="innerException">The error that revealed the problem, or <see langword="null"/>.</param>
    public FramingException(FramingError error, string? message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets which framing rule the input broke.</summary>
    /// <value>The kind of error; <see cref="FramingError.Unspecified"/> when none was given.</value>
    public FramingError Error { get; }
}
