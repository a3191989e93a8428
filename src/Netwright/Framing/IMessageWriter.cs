using System.Buffers;

namespace Netwright.Framing;

/// <summary>Serializes one message into a buffer writer, in the style of Bedrock's <c>IMessageWriter&lt;T&gt;</c>.</summary>
/// <typeparam name="TMessage">The type of message written.</typeparam>
/// <remarks>
/// Writers only fill memory obtained from <see cref="IBufferWriter{T}.GetSpan(int)"/>; the caller flushes
/// (for a <see cref="System.IO.Pipelines.PipeWriter"/>, once per batch of messages).
/// </remarks>
public interface IMessageWriter<in TMessage>
{
    /// <summary>Writes one framed message to <paramref name="output"/>.</summary>
    /// <param name="message">The message to frame.</param>
    /// <param name="output">Where the framed bytes go; not flushed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="FramingException">The message cannot be framed, for example it is over the size limit.</exception>
    void WriteMessage(TMessage message, IBufferWriter<byte> output);
}
