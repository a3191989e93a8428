using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace Netwright.Framing;

/// <summary>
/// Reads and writes messages that follow a big-endian length prefix of 2 or 4 bytes, as Twisted's
/// <c>Int16StringReceiver</c> and <c>Int32StringReceiver</c> do.
/// </summary>
/// <remarks>
/// <para>
/// A parsed message is a slice of the read buffer, not a copy: it is valid only until the next
/// <see cref="System.IO.Pipelines.PipeReader.AdvanceTo(SequencePosition)"/>. Copy it (or finish with it) before advancing.
/// </para>
/// <para>
/// The prefix is checked as soon as its bytes arrive, before waiting for the body: a negative or
/// oversized length throws at once, so a peer cannot make the reader buffer beyond
/// <see cref="MaxMessageLength"/>. The framer keeps no state between calls and is safe to share across
/// connections and threads.
/// </para>
/// </remarks>
public sealed class LengthPrefixFramer : IMessageReader<ReadOnlySequence<byte>>, IMessageWriter<ReadOnlyMemory<byte>>
{
    /// <summary>The default <see cref="MaxMessageLength"/>: 99999 bytes, as in Twisted's <c>Int32StringReceiver</c>.</summary>
    public const int DefaultMaxMessageLength = 99999;

    /// <summary>The default <see cref="LengthPrefixSize"/>: 4 bytes.</summary>
    public const int DefaultLengthPrefixSize = 4;

    private readonly int _lengthPrefixSize = DefaultLengthPrefixSize;
    private readonly int _maxMessageLength = DefaultMaxMessageLength;

    /// <summary>Gets the size of the big-endian length prefix in bytes: 2 (unsigned) or 4 (signed, non-negative).</summary>
    /// <value>Defaults to <see cref="DefaultLengthPrefixSize"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value other than 2 or 4.</exception>
    public int LengthPrefixSize
    {
        get => _lengthPrefixSize;
        init
        {
            if (value is not (2 or 4))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The length prefix must be 2 or 4 bytes.");
            }

            _lengthPrefixSize = value;
        }
    }

    /// <summary>Gets the largest message body, in bytes, that may be read or written (the prefix is not counted).</summary>
    /// <value>Defaults to <see cref="DefaultMaxMessageLength"/>. With a 2-byte prefix, 65535 is the effective ceiling.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public int MaxMessageLength
    {
        get => _maxMessageLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxMessageLength = value;
        }
    }

    /// <summary>Tries to parse one length-prefixed message from the start of <paramref name="input"/>.</summary>
    /// <param name="input">The buffered bytes, possibly in several segments.</param>
    /// <param name="consumed">Set past the message on success; otherwise left unchanged.</param>
    /// <param name="examined">Set to <paramref name="consumed"/> on success; otherwise to <c>input.End</c>.</param>
    /// <param name="message">
    /// The message body without its prefix, sliced from <paramref name="input"/> (no copy): valid only until
    /// the next <see cref="System.IO.Pipelines.PipeReader.AdvanceTo(SequencePosition)"/>.
    /// </param>
    /// <returns><see langword="true"/> when a whole message was parsed; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="FramingException">
    /// <see cref="FramingError.InvalidLengthPrefix"/>: a 4-byte prefix is negative.
    /// <see cref="FramingError.MessageTooLong"/>: the prefix exceeds <see cref="MaxMessageLength"/>.
    /// Both are raised as soon as the prefix is read.
    /// </exception>
    public bool TryParseMessage(in ReadOnlySequence<byte> input, ref SequencePosition consumed, ref SequencePosition examined, out ReadOnlySequence<byte> message)
    {
        if (!TryReadLength(input, out int length))
        {
            message = default;
            examined = input.End;
            return false;
        }

        if (input.Length - _lengthPrefixSize < length)
        {
            message = default;
            examined = input.End;
            return false;
        }

        message = input.Slice(_lengthPrefixSize, length);
        consumed = message.End;
        examined = consumed;
        return true;
    }

    /// <summary>Writes the length prefix and then <paramref name="message"/> to <paramref name="output"/>.</summary>
    /// <param name="message">The message body.</param>
    /// <param name="output">Where the framed bytes go; not flushed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="FramingException">
    /// <see cref="FramingError.MessageTooLong"/>: the message exceeds <see cref="MaxMessageLength"/> or what the
    /// prefix can express. Nothing is written.
    /// </exception>
    public void WriteMessage(ReadOnlyMemory<byte> message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadOnlySpan<byte> body = message.Span;
        int limit = _lengthPrefixSize == 2 ? Math.Min(_maxMessageLength, ushort.MaxValue) : _maxMessageLength;
        if (body.Length > limit)
        {
            throw TooLong(body.Length, limit, "Message is");
        }

        Span<byte> span = output.GetSpan(_lengthPrefixSize);
        WritePrefix(span, body.Length);
        if (span.Length - _lengthPrefixSize >= body.Length)
        {
            body.CopyTo(span[_lengthPrefixSize..]);
            output.Advance(_lengthPrefixSize + body.Length);
            return;
        }

        output.Advance(_lengthPrefixSize);
        output.Write(body);
    }

    /// <summary>Checks the bytes left when the stream ends: any leftover means the last message was cut off.</summary>
    /// <param name="remaining">
    /// The bytes left once <see cref="TryParseMessage"/> finds no more messages and the stream is complete
    /// (<see cref="System.IO.Pipelines.ReadResult.IsCompleted"/>).
    /// </param>
    /// <exception cref="FramingException">
    /// <see cref="FramingError.TruncatedFrame"/>: <paramref name="remaining"/> is not empty.
    /// </exception>
    public void ThrowIfTruncated(in ReadOnlySequence<byte> remaining)
    {
        if (remaining.IsEmpty)
        {
            return;
        }

        string detail = remaining.Length < _lengthPrefixSize
            ? string.Create(CultureInfo.InvariantCulture, $"{remaining.Length} of the {_lengthPrefixSize} length-prefix bytes arrived")
            : string.Create(CultureInfo.InvariantCulture, $"{remaining.Length - _lengthPrefixSize} body bytes arrived after the prefix");
        throw new FramingException(
            FramingError.TruncatedFrame,
            $"The stream ended in the middle of a length-prefixed message: {detail}.");
    }

    private bool TryReadLength(in ReadOnlySequence<byte> input, out int length)
    {
        int raw;
        ReadOnlySpan<byte> first = input.FirstSpan;
        if (first.Length >= _lengthPrefixSize)
        {
            raw = _lengthPrefixSize == 4 ? BinaryPrimitives.ReadInt32BigEndian(first) : BinaryPrimitives.ReadUInt16BigEndian(first);
        }
        else if (input.Length >= _lengthPrefixSize)
        {
            Span<byte> prefix = stackalloc byte[4];
            input.Slice(0, _lengthPrefixSize).CopyTo(prefix);
            raw = _lengthPrefixSize == 4 ? BinaryPrimitives.ReadInt32BigEndian(prefix) : BinaryPrimitives.ReadUInt16BigEndian(prefix);
        }
        else
        {
            length = 0;
            return false;
        }

        if (raw < 0)
        {
            throw new FramingException(
                FramingError.InvalidLengthPrefix,
                string.Create(CultureInfo.InvariantCulture, $"Length prefix is negative ({raw}); the high bit of a 4-byte prefix must be clear."));
        }

        if (raw > _maxMessageLength)
        {
            throw TooLong(raw, _maxMessageLength, "Length prefix declares");
        }

        length = raw;
        return true;
    }

    private void WritePrefix(Span<byte> destination, int length)
    {
        if (_lengthPrefixSize == 4)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        }
    }

    private static FramingException TooLong(int length, int limit, string what) => new(
        FramingError.MessageTooLong,
        string.Create(CultureInfo.InvariantCulture, $"{what} {length} bytes, more than the maximum of {limit}."));
}
