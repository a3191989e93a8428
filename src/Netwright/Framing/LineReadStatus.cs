namespace Netwright.Framing;

/// <summary>The outcome of <see cref="LineFramer.TryReadLine"/>.</summary>
public enum LineReadStatus
{
    /// <summary>A whole line was read and the buffer advanced past its newline.</summary>
    Line = 0,

    /// <summary>No newline yet and the buffered data is still within the limit: read more bytes.</summary>
    Incomplete,

    /// <summary>The line, or the data buffered without a newline, exceeds <see cref="LineFramer.MaxLineLength"/>.</summary>
    TooLong,
}
