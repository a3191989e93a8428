using System.Buffers;
using System.Globalization;

namespace Netwright.Framing;

/// <summary>
/// Splits a byte stream into lines ended by LF, dropping a CR just before the LF, with a limit on the
/// line length.
/// </summary>
/// <remarks>
/// <para>
/// Start here for the <c>Netwright.Framing</c> namespace: it turns bytes into messages and back, with no
/// sockets. <see cref="LineFramer"/> reads lines, <see cref="LineText"/> decodes and writes them as UTF-8
/// text, and <see cref="LengthPrefixFramer"/> reads and writes messages behind a big-endian length. Both
/// framers implement <see cref="IMessageReader{TMessage}"/>; every rule they enforce is reported as a
/// <see cref="FramingException"/> whose <see cref="FramingException.Error"/> names the rule.
/// </para>
/// <para>
/// Bytes arrive from the network in arbitrary pieces: a line may be split across reads and across
/// buffer segments, and one read may hold several lines. Parse in a loop until no line is left, then
/// advance the pipe. A line is a slice of the read buffer, valid only until the next
/// <see cref="System.IO.Pipelines.PipeReader.AdvanceTo(SequencePosition)"/>; decode or copy it before then.
/// </para>
/// <para>
/// The limit mirrors Twisted's <c>LineReceiver.MAX_LENGTH</c> (16384): it counts the bytes of a line
/// without its CR and LF. Data buffered without a newline is rejected as soon as it can no longer become
/// a line within the limit, so a peer cannot make the reader buffer without bound. The framer keeps no
/// state between calls and is safe to share across connections and threads.
/// </para>
/// <para>
/// When the stream ends, <see cref="TryReadFinalLine"/> returns text left after the last newline as a
/// final line; <see cref="LengthPrefixFramer.ThrowIfTruncated"/> reports a message cut off mid-frame.
/// </para>
/// </remarks>
/// <example>
/// A read loop over a <see cref="System.IO.Pipelines.PipeReader"/>:
/// <code>
/// var framer = new LineFramer { MaxLineLength = 4096 };
/// while (true)
/// {
///     ReadResult result = await reader.ReadAsync(cancellationToken);
///     ReadOnlySequence&lt;byte&gt; buffer = result.Buffer;
///     LineReadStatus status;
///     while ((status = framer.TryReadLine(ref buffer, out ReadOnlySequence&lt;byte&gt; line)) == LineReadStatus.Line)
///     {
///         Handle(LineText.Decode(line));
///     }
///
///     if (status == LineReadStatus.TooLong)
///     {
///         reader.AdvanceTo(buffer.Start);
///         return; // The peer broke the limit: close the connection.
///     }
///
///     bool done = result.IsCompleted;
///     if (done &amp;&amp; framer.TryReadFinalLine(buffer, out ReadOnlySequence&lt;byte&gt; last))
///     {
///         Handle(LineText.Decode(last));
///         buffer = buffer.Slice(buffer.End);
///     }
///
///     reader.AdvanceTo(buffer.Start, buffer.End);
///     if (done)
///     {
///         break;
///     }
/// }
/// </code>
/// </example>
public sealed class LineFramer : IMessageReader<ReadOnlySequence<byte>>
{
    /// <summary>The default <see cref="MaxLineLength"/>: 16384 bytes, as in Twisted's <c>LineReceiver</c>.</summary>
    public const int DefaultMaxLineLength = 16384;

    /// <summary>The largest <see cref="MaxLineLength"/> accepted: room for the CR and LF in one array.</summary>
    public const int MaxLineLengthLimit = 0x7FFF_FFC7 - 2;

    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private readonly int _maxLineLength = DefaultMaxLineLength;

    /// <summary>Gets the largest number of bytes a line may have, not counting its CR and LF.</summary>
    /// <value>Defaults to <see cref="DefaultMaxLineLength"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">
    /// Set to a value below 1 or above <see cref="MaxLineLengthLimit"/>.
    /// </exception>
    public int MaxLineLength
    {
        get => _maxLineLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxLineLengthLimit);
            _maxLineLength = value;
        }
    }

    /// <summary>Reads one line from the start of <paramref name="buffer"/> without throwing.</summary>
    /// <param name="buffer">
    /// The buffered bytes. On <see cref="LineReadStatus.Line"/> it is advanced past the newline; otherwise it
    /// is left unchanged.
    /// </param>
    /// <param name="line">
    /// The line without its CR and LF, sliced from <paramref name="buffer"/> (no copy); empty unless the
    /// result is <see cref="LineReadStatus.Line"/>.
    /// </param>
    /// <returns>
    /// <see cref="LineReadStatus.Line"/> for a whole line, <see cref="LineReadStatus.Incomplete"/> when more
    /// bytes are needed, <see cref="LineReadStatus.TooLong"/> when the line or the data waiting for its
    /// newline exceeds <see cref="MaxLineLength"/>.
    /// </returns>
    /// <remarks>
    /// The hot-path form of <see cref="TryParseMessage"/>. It searches at most
    /// <see cref="MaxLineLength"/> + 2 bytes, so a peer that never sends a newline costs bounded work.
    /// </remarks>
    public LineReadStatus TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        LineReadStatus status = ReadLine(buffer, out line, out SequencePosition next);
        if (status == LineReadStatus.Line)
        {
            buffer = buffer.Slice(next);
        }

        return status;
    }

    /// <summary>Tries to parse one line, without its CR and LF, from the start of <paramref name="input"/>.</summary>
    /// <param name="input">The buffered bytes, possibly in several segments.</param>
    /// <param name="consumed">Set past the line's LF on success; otherwise left unchanged.</param>
    /// <param name="examined">Set to <paramref name="consumed"/> on success; otherwise to <c>input.End</c>.</param>
    /// <param name="message">
    /// The line, sliced from <paramref name="input"/> (no copy): valid only until the next <see cref="System.IO.Pipelines.PipeReader.AdvanceTo(SequencePosition)"/>.
    /// </param>
    /// <returns><see langword="true"/> when a whole line was parsed; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="FramingException">
    /// <see cref="FramingError.LineTooLong"/>: the line, or the data buffered without a newline, exceeds
    /// <see cref="MaxLineLength"/>. The check runs before waiting for more bytes.
    /// </exception>
    public bool TryParseMessage(in ReadOnlySequence<byte> input, ref SequencePosition consumed, ref SequencePosition examined, out ReadOnlySequence<byte> message)
    {
        switch (ReadLine(input, out message, out SequencePosition next))
        {
            case LineReadStatus.Line:
                consumed = next;
                examined = next;
                return true;
            case LineReadStatus.Incomplete:
                examined = input.End;
                return false;
            default:
                throw LineTooLong(_maxLineLength);
        }
    }

    /// <summary>Returns the last line of a stream that ended without a newline.</summary>
    /// <param name="remaining">
    /// The bytes left once <see cref="TryParseMessage"/> or <see cref="TryReadLine"/> finds no more lines and
    /// the stream is complete (<see cref="System.IO.Pipelines.ReadResult.IsCompleted"/>). It must not contain a LF.
    /// </param>
    /// <param name="line">
    /// The final line, without a trailing CR, sliced from <paramref name="remaining"/>; empty when there is none.
    /// </param>
    /// <returns>
    /// <see langword="true"/> when <paramref name="remaining"/> holds a final unterminated line;
    /// <see langword="false"/> when it is empty.
    /// </returns>
    /// <remarks>
    /// Text after the last newline is a line of its own, as in Python's <c>readline</c>; dropping it
    /// would lose a client's last command when it closes straight after writing.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="remaining"/> still contains a whole line.</exception>
    /// <exception cref="FramingException"><see cref="FramingError.LineTooLong"/>: the final line exceeds <see cref="MaxLineLength"/>.</exception>
    public bool TryReadFinalLine(in ReadOnlySequence<byte> remaining, out ReadOnlySequence<byte> line)
    {
        if (remaining.IsEmpty)
        {
            line = default;
            return false;
        }

        if (remaining.PositionOf(Lf) is not null)
        {
            throw new ArgumentException("The remaining bytes still contain a newline; read the whole lines first.", nameof(remaining));
        }

        long length = remaining.Length;
        if (LastByteIs(remaining, Cr))
        {
            length--;
        }

        if (length > _maxLineLength)
        {
            throw LineTooLong(_maxLineLength);
        }

        line = remaining.Slice(0, length);
        return true;
    }

    // The shared core: finds the line and the position after its LF without slicing the buffer itself,
    // so each caller pays for one slice at most (GetPosition is cheaper than Slice).
    private LineReadStatus ReadLine(in ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line, out SequencePosition next)
    {
        // Room for the line, an optional CR and the LF; the limit keeps this from overflowing.
        int window = _maxLineLength + 2;
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length > window)
        {
            first = first[..window];
        }

        int index = first.IndexOf(Lf);
        if (index >= 0)
        {
            int length = index > 0 && first[index - 1] == Cr ? index - 1 : index;
            if (length > _maxLineLength)
            {
                line = default;
                next = default;
                return LineReadStatus.TooLong;
            }

            line = buffer.Slice(0, length);
            next = buffer.GetPosition(index + 1);
            return LineReadStatus.Line;
        }

        if (buffer.IsSingleSegment || first.Length == window)
        {
            line = default;
            next = default;
            return IncompleteOrTooLong(first.Length, first.Length > 0 && first[^1] == Cr);
        }

        return ReadLineMultiSegment(buffer, out line, out next);
    }

    private LineReadStatus ReadLineMultiSegment(in ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line, out SequencePosition next)
    {
        long window = (long)_maxLineLength + 2;
        ReadOnlySequence<byte> searched = buffer.Length > window ? buffer.Slice(0, window) : buffer;
        var reader = new SequenceReader<byte>(searched);
        if (reader.TryReadTo(out ReadOnlySequence<byte> raw, Lf, advancePastDelimiter: true))
        {
            long length = raw.Length;
            if (LastByteIs(raw, Cr))
            {
                length--;
            }

            if (length > _maxLineLength)
            {
                line = default;
                next = default;
                return LineReadStatus.TooLong;
            }

            line = raw.Slice(0, length);
            next = reader.Position;
            return LineReadStatus.Line;
        }

        line = default;
        next = default;
        return IncompleteOrTooLong(searched.Length, LastByteIs(searched, Cr));
    }

    // Without a newline, the buffer may still become a line at the limit if it is exactly the limit
    // plus a CR whose LF is yet to come; anything longer can never fit.
    private LineReadStatus IncompleteOrTooLong(long buffered, bool endsWithCr)
    {
        if (buffered <= _maxLineLength || (buffered == _maxLineLength + 1L && endsWithCr))
        {
            return LineReadStatus.Incomplete;
        }

        return LineReadStatus.TooLong;
    }

    private static bool LastByteIs(in ReadOnlySequence<byte> sequence, byte value)
    {
        if (sequence.IsEmpty)
        {
            return false;
        }

        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan[^1] == value;
        }

        // The slice may start with an empty segment, so copy rather than index its first span.
        Span<byte> last = stackalloc byte[1];
        sequence.Slice(sequence.Length - 1).CopyTo(last);
        return last[0] == value;
    }

    private static FramingException LineTooLong(int maxLineLength) => new(
        FramingError.LineTooLong,
        string.Create(CultureInfo.InvariantCulture, $"Line exceeds the maximum length of {maxLineLength} bytes."));
}
