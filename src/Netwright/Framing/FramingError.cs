namespace Netwright.Framing;

/// <summary>Says which framing rule a <see cref="FramingException"/> reports as broken.</summary>
public enum FramingError
{
    /// <summary>No specific rule was named (the exception was created without a kind).</summary>
    Unspecified = 0,

    /// <summary>A line, or buffered data still waiting for its newline, exceeds <see cref="LineFramer.MaxLineLength"/>.</summary>
    LineTooLong,

    /// <summary>
    /// A length prefix declares, or a message to be written has, more bytes than
    /// <see cref="LengthPrefixFramer.MaxMessageLength"/> (or than the prefix can express).
    /// </summary>
    MessageTooLong,

    /// <summary>A length prefix is negative (the high bit of a 4-byte prefix is set).</summary>
    InvalidLengthPrefix,

    /// <summary>Bytes that should be text are not well-formed UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The stream ended in the middle of a frame.</summary>
    TruncatedFrame,

    /// <summary>
    /// A line or frame that had started was not complete within <see cref="Applications.ApplicationOptions.MessageTimeout"/>
    /// (a slowloris peer that trickles a message to hold the connection).
    /// </summary>
    MessageTimeout,
}
