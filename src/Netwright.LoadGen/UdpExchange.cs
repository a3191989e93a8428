using System.Buffers.Binary;

namespace Netwright.LoadGen;

/// <summary>
/// One UDP socket's datagrams, for both udp engines: each starts with an 8-byte little-endian sequence number
/// followed by <see cref="PayloadPattern"/> bytes, so a reply that arrives after its timeout is recognised as
/// late instead of being taken for the current one, and every byte of a reply is checked. Allocates only in
/// its constructor; used by one thread at a time.
/// </summary>
internal sealed class UdpExchange
{
    /// <summary>The smallest datagram: the sequence number.</summary>
    public const int HeaderSize = 8;

    private readonly int _size;
    private readonly int _streamStart;
    private readonly byte[] _sendBuffer;
    private long _firstMeasured = -1;
    private long _lastMeasured = -2;

    public UdpExchange(int connectionId, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, HeaderSize);
        _size = size;
        _streamStart = PayloadPattern.StreamStart(connectionId);
        _sendBuffer = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        // One byte more than a datagram, so a longer reply shows as too long instead of being cut to size.
        ReceiveBuffer = GC.AllocateUninitializedArray<byte>(size + 1, pinned: true);
    }

    /// <summary>What a received datagram turned out to be.</summary>
    public enum ReplyKind
    {
        /// <summary>The reply to the datagram being waited for.</summary>
        Current,

        /// <summary>A correct reply to an earlier datagram, after its timeout (counted as late if it was measured).</summary>
        Older,

        /// <summary>A wrong reply; the mismatch is counted and the socket has failed.</summary>
        Mismatch,
    }

    /// <summary>Gets the datagram size (<c>--size</c>).</summary>
    public int Size => _size;

    /// <summary>Gets the buffer replies are received into (<see cref="Size"/> + 1 bytes, pinned).</summary>
    public byte[] ReceiveBuffer { get; }

    /// <summary>Gets the datagrams sent while measuring.</summary>
    public long Sent { get; private set; }

    /// <summary>Gets the measured datagrams whose reply arrived after its timeout.</summary>
    public long Late { get; private set; }

    /// <summary>Gets whether any reply arrived at all, on time or late, warm-up included.</summary>
    public bool AnyReply { get; private set; }

    /// <summary>Fills datagram <paramref name="sequence"/> and returns it; <paramref name="measured"/> counts it as sent while measuring.</summary>
    public ReadOnlyMemory<byte> Begin(long sequence, bool measured)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_sendBuffer, sequence);
        PayloadPattern.Slice(_streamStart, sequence * _size, _size - HeaderSize).Span.CopyTo(_sendBuffer.AsSpan(HeaderSize));
        if (measured)
        {
            Sent++;
            if (_firstMeasured < 0)
            {
                _firstMeasured = sequence;
            }

            _lastMeasured = sequence;
        }

        return _sendBuffer;
    }

    /// <summary>
    /// Checks the <paramref name="count"/> bytes in <see cref="ReceiveBuffer"/> while waiting for the reply to
    /// datagram <paramref name="sequence"/>; a wrong reply is counted in <paramref name="errors"/> for
    /// connection <paramref name="connectionId"/>.
    /// </summary>
    public ReplyKind Check(int count, long sequence, BenchErrors errors, int connectionId)
    {
        AnyReply = true;
        var reply = ReceiveBuffer;
        var replySequence = count >= HeaderSize ? BinaryPrimitives.ReadInt64LittleEndian(reply) : -1;
        if (count != _size || replySequence < 0 || replySequence > sequence)
        {
            errors.Count(BenchErrorKind.Mismatch, FormattableString.Invariant(
                $"connection {connectionId}: datagram {sequence}: reply of {count} bytes with sequence {replySequence} does not match what was sent ({_size} bytes)"));
            return ReplyKind.Mismatch;
        }

        var expected = PayloadPattern.Slice(_streamStart, replySequence * _size, _size - HeaderSize).Span;
        var actual = reply.AsSpan(HeaderSize, _size - HeaderSize);
        var index = PayloadPattern.FindMismatch(expected, actual);
        if (index >= 0)
        {
            errors.CountMismatch(connectionId, (replySequence * _size) + HeaderSize + index, expected[index], actual[index]);
            return ReplyKind.Mismatch;
        }

        if (replySequence == sequence)
        {
            return ReplyKind.Current;
        }

        if (replySequence >= _firstMeasured && replySequence <= _lastMeasured)
        {
            Late++;
        }

        return ReplyKind.Older;
    }
}
