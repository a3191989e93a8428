using System.Buffers;
using System.Buffers.Binary;
using Netwright.Framing;

namespace Netwright.Protocols;

/// <summary>
/// A protocol that receives messages framed by a big-endian length prefix, like Twisted's
/// <c>Int32StringReceiver</c>: override <see cref="OnMessageReceived"/>, answer with <see cref="SendMessage"/>.
/// </summary>
/// <remarks>
/// A prefix over <see cref="MaxMessageLength"/> (or negative) is rejected as soon as it is read, before any
/// of the body is buffered, and goes to <see cref="OnMessageRejected"/>, whose default closes the connection.
/// </remarks>
public abstract class LengthPrefixedProtocol : Protocol
{
    private LengthPrefixFramer _framer = new();
    private bool _rejected;

    /// <summary>Gets or sets the largest message accepted, in bytes. Default: 99,999 (Twisted's).</summary>
    public int MaxMessageLength
    {
        get => _framer.MaxMessageLength;
        set => _framer = new LengthPrefixFramer { MaxMessageLength = value, LengthPrefixSize = _framer.LengthPrefixSize };
    }

    /// <summary>Gets or sets the prefix size: 2 or 4 bytes. Default: 4.</summary>
    public int LengthPrefixSize
    {
        get => _framer.LengthPrefixSize;
        set => _framer = new LengthPrefixFramer { MaxMessageLength = _framer.MaxMessageLength, LengthPrefixSize = value };
    }

    /// <summary>Called for each whole message (Twisted's <c>stringReceived</c>).</summary>
    /// <param name="message">The body; valid only during this call.</param>
    public abstract void OnMessageReceived(ReadOnlySequence<byte> message);

    /// <summary>
    /// Called when the framing is broken (oversized or negative prefix), or a frame that began did not finish within
    /// <see cref="Applications.ApplicationOptions.MessageTimeout"/>; the default closes the connection (after a timeout it is closed regardless).
    /// </summary>
    /// <param name="error">What is wrong.</param>
    public virtual void OnMessageRejected(FramingException error) => Transport.LoseConnection();

    /// <summary>Sends one message with its length prefix (Twisted's <c>sendString</c>).</summary>
    /// <param name="message">The body.</param>
    /// <exception cref="ArgumentOutOfRangeException">The body is longer than the prefix can express or than <see cref="MaxMessageLength"/>.</exception>
    public void SendMessage(ReadOnlySpan<byte> message)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Length, MaxMessageLength, nameof(message));
        Span<byte> prefix = stackalloc byte[4];
        if (LengthPrefixSize == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(prefix, checked((ushort)message.Length));
            Transport.Write(prefix[..2]);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(prefix, message.Length);
            Transport.Write(prefix);
        }

        Transport.Write(message);
    }

    internal override bool TimesMessages => true;

    internal override string MessageKind => "frame";

    internal override void OnMessageTimedOut(FramingException error)
    {
        _rejected = true;
        OnMessageRejected(error);
    }

    internal override SequencePosition Deliver(in ReadOnlySequence<byte> data)
    {
        if (_rejected)
        {
            return data.End;
        }

        var consumed = data.Start;
        while (!Transport.IsClosing && !IsReadingPaused)
        {
            var examined = consumed;
            var rest = data.Slice(consumed);
            try
            {
                if (!_framer.TryParseMessage(rest, ref consumed, ref examined, out var message))
                {
                    return consumed;
                }

                OnMessageReceived(message);
            }
            catch (FramingException error)
            {
                // The stream cannot be resynchronised after a bad prefix: drop the rest.
                _rejected = true;
                OnMessageRejected(error);
                return data.End;
            }
        }

        return Transport.IsClosing ? data.End : consumed;
    }
}
