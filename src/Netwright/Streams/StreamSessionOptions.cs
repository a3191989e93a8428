using Netwright.Framing;

namespace Netwright.Streams;

/// <summary>How a <see cref="StreamSession"/> frames text.</summary>
public sealed class StreamSessionOptions
{
    /// <summary>Gets or sets the longest line accepted, in bytes. Default: 16,384.</summary>
    public int MaxLineLength { get; set; } = LineFramer.DefaultMaxLineLength;

    /// <summary>
    /// Gets or sets how long bytes without a line ending may wait before <see cref="StreamSession.ReadLineAsync"/>
    /// returns them as a line; <see cref="Timeout.InfiniteTimeSpan"/> waits for the newline. Default: 50 ms.
    /// </summary>
    public TimeSpan PartialLineDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Gets or sets how long a line may take to arrive once its first byte has; past it the read throws a
    /// <see cref="FramingException"/> with <see cref="FramingError.MessageTimeout"/> and skips the rest of that line
    /// (a slowloris peer). <see cref="Timeout.InfiniteTimeSpan"/> for no limit. Default: no limit; a server's handlers
    /// get the server's <see cref="Applications.ApplicationOptions.MessageTimeout"/> (30 s).
    /// </summary>
    public TimeSpan MessageTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Gets or sets the line ending <see cref="StreamSession.WriteLineAsync"/> appends. Default: LF.</summary>
    public LineEnding LineEnding { get; set; } = LineEnding.Lf;

    /// <summary>Gets or sets the clock for the partial-line delay and the message timeout. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets a token that ends reading gracefully: once it fires, reads that would wait report the end of the stream.</summary>
    public CancellationToken Stopping { get; set; }
}
