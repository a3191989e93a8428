using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Netwright.Framing;

/// <summary>Decodes lines from strict UTF-8 and writes text lines straight into a buffer writer.</summary>
/// <remarks>
/// Decoding is strict: invalid bytes are an error rather than silently replaced by U+FFFD, so a peer
/// cannot smuggle malformed text (overlong forms, lone surrogates) past validation done on strings.
/// </remarks>
public static class LineText
{
    // Multi-segment lines are copied into one buffer for decoding; small ones stay on the stack.
    private const int StackCopyLimit = 512;

    private const int MaxChunkChars = 4096;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a line as strict UTF-8.</summary>
    /// <param name="line">The line's bytes, without its CR and LF; possibly in several segments.</param>
    /// <returns>The decoded text (empty for an empty line).</returns>
    /// <exception cref="FramingException">
    /// <see cref="FramingError.InvalidUtf8"/>: the bytes are not well-formed UTF-8; the message gives the offset.
    /// </exception>
    public static string Decode(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return DecodeSpan(line.FirstSpan);
        }

        return WithContiguous(line, static span => DecodeSpan(span));
    }

    /// <summary>Tries to decode a line as strict UTF-8 without throwing.</summary>
    /// <param name="line">The line's bytes, without its CR and LF; possibly in several segments.</param>
    /// <param name="text">The decoded text, or <see langword="null"/> when the bytes are not valid UTF-8.</param>
    /// <returns><see langword="true"/> when the bytes are well-formed UTF-8.</returns>
    public static bool TryDecode(in ReadOnlySequence<byte> line, [NotNullWhen(true)] out string? text)
    {
        text = line.IsSingleSegment
            ? TryDecodeSpan(line.FirstSpan)
            : WithContiguous(line, static span => TryDecodeSpan(span));
        return text is not null;
    }

    /// <summary>Encodes <paramref name="text"/> as UTF-8 followed by a line ending, straight into <paramref name="output"/>.</summary>
    /// <param name="output">Where the bytes go; not flushed.</param>
    /// <param name="text">The line's text, without any line ending.</param>
    /// <param name="ending">The line ending to append: LF (the default) or CR LF.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="text"/> contains a CR or LF (it would split or corrupt the line), or a lone UTF-16
    /// surrogate (it has no UTF-8 form). Nothing is written.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ending"/> is not a defined value.</exception>
    public static void WriteLine(IBufferWriter<byte> output, ReadOnlySpan<char> text, LineEnding ending = LineEnding.Lf)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (ending is not (LineEnding.Lf or LineEnding.CrLf))
        {
            throw new ArgumentOutOfRangeException(nameof(ending), ending, "Unknown line ending.");
        }

        int newline = text.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A line must not contain CR or LF (found at index {newline})."),
                nameof(text));
        }

        int terminator = ending == LineEnding.CrLf ? 2 : 1;
        if (text.Length <= MaxChunkChars)
        {
            // One span fits the worst case (3 bytes per UTF-16 unit), so a short line costs one GetSpan.
            Span<byte> span = output.GetSpan((text.Length * 3) + terminator);
            int written = Encode(text, span);
            WriteTerminator(span[written..], ending);
            output.Advance(written + terminator);
            return;
        }

        ThrowIfInvalidUtf16(text);
        while (!text.IsEmpty)
        {
            Span<byte> span = output.GetSpan(Math.Min(text.Length, MaxChunkChars) * 3);
            Utf8.FromUtf16(text, span, out int read, out int written, replaceInvalidSequences: false);
            output.Advance(written);
            text = text[read..];
        }

        WriteTerminator(output.GetSpan(terminator), ending);
        output.Advance(terminator);
    }

    private static string DecodeSpan(ReadOnlySpan<byte> bytes)
    {
        return TryDecodeSpan(bytes) ?? throw InvalidUtf8(bytes);
    }

    private static string? TryDecodeSpan(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        return Utf8.IsValid(bytes) ? s_strictUtf8.GetString(bytes) : null;
    }

    private static T WithContiguous<T>(in ReadOnlySequence<byte> line, SpanFunc<T> decode)
    {
        // A decoder over the segments would need state across them; a copy is simpler and, for lines
        // under the framer's limit, cheap. Larger ones use a pooled array, so nothing is allocated.
        int length = checked((int)line.Length);
        if (length <= StackCopyLimit)
        {
            Span<byte> buffer = stackalloc byte[StackCopyLimit];
            line.CopyTo(buffer);
            return decode(buffer[..length]);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            line.CopyTo(rented);
            return decode(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        OperationStatus status = Utf8.FromUtf16(text, destination, out _, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw LoneSurrogate(text);
        }

        return written;
    }

    private static void ThrowIfInvalidUtf16(ReadOnlySpan<char> text)
    {
        try
        {
            s_strictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The text contains a lone UTF-16 surrogate, which has no UTF-8 form.", nameof(text), ex);
        }
    }

    private static ArgumentException LoneSurrogate(ReadOnlySpan<char> text)
    {
        int index = 0;
        while (index < text.Length && Rune.DecodeFromUtf16(text[index..], out _, out int used) == OperationStatus.Done)
        {
            index += used;
        }

        return new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The text contains a lone UTF-16 surrogate at index {index}, which has no UTF-8 form."),
            nameof(text));
    }

    private static FramingException InvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int index = 0;
        while (index < bytes.Length && Rune.DecodeFromUtf8(bytes[index..], out _, out int used) == OperationStatus.Done)
        {
            index += used;
        }

        return new FramingException(
            FramingError.InvalidUtf8,
            string.Create(CultureInfo.InvariantCulture, $"Line is not valid UTF-8: invalid byte 0x{bytes[index]:X2} at offset {index}."));
    }

    private static void WriteTerminator(Span<byte> destination, LineEnding ending)
    {
        if (ending == LineEnding.CrLf)
        {
            destination[0] = (byte)'\r';
            destination[1] = (byte)'\n';
        }
        else
        {
            destination[0] = (byte)'\n';
        }
    }

    private delegate T SpanFunc<out T>(ReadOnlySpan<byte> span);
}
