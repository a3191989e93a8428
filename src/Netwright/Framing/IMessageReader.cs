using System.Buffers;

namespace Netwright.Framing;

/// <summary>Parses one message at a time out of buffered bytes, in the style of Bedrock's <c>IMessageReader&lt;T&gt;</c>.</summary>
/// <typeparam name="TMessage">The type of message produced.</typeparam>
/// <remarks>
/// Call it in a loop over a <see cref="System.IO.Pipelines.PipeReader"/> result: while it returns
/// <see langword="true"/>, handle the message and parse again from the new <c>consumed</c> position; when it
/// returns <see langword="false"/>, call <c>AdvanceTo(consumed, examined)</c> and read more. Implementations
/// keep no per-call state, so one instance may serve many connections.
/// </remarks>
public interface IMessageReader<TMessage>
{
    /// <summary>Tries to parse one message from the start of <paramref name="input"/>.</summary>
    /// <param name="input">The buffered bytes, possibly in several segments.</param>
    /// <param name="consumed">
    /// On entry, usually <c>input.Start</c>. On success, set to the position just after the message;
    /// otherwise left unchanged.
    /// </param>
    /// <param name="examined">
    /// On entry, usually <c>input.End</c>. On success, set to <paramref name="consumed"/>; otherwise set to
    /// <c>input.End</c>, so the next read waits for new bytes.
    /// </param>
    /// <param name="message">The parsed message, or the default value when none is complete.</param>
    /// <returns><see langword="true"/> when a whole message was parsed; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="FramingException">The input breaks the framing rules, for example a frame is over its limit.</exception>
    bool TryParseMessage(in ReadOnlySequence<byte> input, ref SequencePosition consumed, ref SequencePosition examined, out TMessage message);
}
