namespace Netwright.LoadGen;

/// <summary>
/// One pingpong connection's messages: the request of each exchange and the check of its reply, for an
/// echo server (<see cref="BenchReply.Echo"/>) or the timestamp service (<see cref="BenchReply.Timestamp"/>).
/// Allocates only in its constructor.
/// </summary>
/// <remarks>
/// Echo: the request is <see cref="PayloadPattern"/> bytes and the reply must be the same bytes.
/// Timestamp: the request is <c>size - 1</c> <see cref="PrintablePattern"/> bytes and <c>\n</c>; the reply
/// must be <c>[</c> + ctime + <c>] </c> + the same <c>size - 1</c> bytes + <c>\n</c> (<c>size + 27</c> bytes).
/// Replies are checked as they arrive, so a wrong reply fails at its first wrong byte instead of waiting
/// for bytes that never come.
/// </remarks>
internal sealed class PingPongExchange
{
    private readonly BenchReply _reply;
    private readonly int _streamStart;
    private readonly byte[]? _line;
    private byte[]? _lastGoodHeader;
    private ReadOnlyMemory<byte> _request;
    private long _number;

    public PingPongExchange(int connectionId, int size, BenchReply reply)
    {
        _reply = reply;
        _streamStart = PayloadPattern.StreamStart(connectionId);
        RequestLength = size;
        if (reply == BenchReply.Timestamp)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
            _line = GC.AllocateUninitializedArray<byte>(size, pinned: true);
            _line[size - 1] = (byte)'\n';
            ReplyLength = size + CTimeShape.HeaderLength;
        }
        else
        {
            ReplyLength = size;
        }
    }

    /// <summary>Gets the bytes sent per exchange (<c>--size</c>).</summary>
    public int RequestLength { get; }

    /// <summary>Gets the bytes a correct reply has.</summary>
    public int ReplyLength { get; }

    /// <summary>Gets the request of the current exchange.</summary>
    public ReadOnlyMemory<byte> Request => _request;

    /// <summary>Prepares the request of exchange <paramref name="number"/> (0, 1, 2, ...) and returns it.</summary>
    public ReadOnlyMemory<byte> Begin(long number)
    {
        _number = number;
        var position = number * RequestLength;
        if (_line is null)
        {
            _request = PayloadPattern.Slice(_streamStart, position, RequestLength);
        }
        else
        {
            PrintablePattern.Slice(_streamStart, position, RequestLength - 1).CopyTo(_line);
            _request = _line;
        }

        return _request;
    }

    /// <summary>
    /// Checks the reply bytes <paramref name="from"/> to the end of <paramref name="received"/> (the reply
    /// received so far); returns the index of the first wrong byte, or -1.
    /// </summary>
    public int FindMismatch(ReadOnlySpan<byte> received, int from) => FindMismatch(received, from, out _);

    /// <summary>Counts the wrong byte at <paramref name="index"/> of <paramref name="received"/> as a mismatch of connection <paramref name="connectionId"/>.</summary>
    public void CountMismatch(BenchErrors errors, int connectionId, ReadOnlySpan<byte> received, int index)
    {
        if (_line is null)
        {
            errors.CountMismatch(connectionId, (_number * RequestLength) + index, _request.Span[index], received[index]);
            return;
        }

        _ = FindMismatch(received, index, out var expected);
        errors.CountBadReply(connectionId, (_number * ReplyLength) + index, received[index], expected);
    }

    /// <summary>
    /// Whether the reply starts with the last header that passed the full check: the stamp changes once a second,
    /// so a compare spares the generator the field-by-field check on nearly every reply (it must not be the
    /// bottleneck), and any other header still gets the full check.
    /// </summary>
    private bool RepeatsTheLastGoodHeader(ReadOnlySpan<byte> received) =>
        _lastGoodHeader is { } last && received.Length >= last.Length && received[..last.Length].SequenceEqual(last);

    private int FindMismatch(ReadOnlySpan<byte> received, int from, out string expected)
    {
        expected = string.Empty;
        if (_line is null)
        {
            var common = _request.Span[from..received.Length].CommonPrefixLength(received[from..]);
            return from + common == received.Length ? -1 : from + common;
        }

        if (from < CTimeShape.HeaderLength && !RepeatsTheLastGoodHeader(received))
        {
            var header = CTimeShape.FindMismatch(received, out expected);
            if (header >= 0)
            {
                return header;
            }

            if (received.Length >= CTimeShape.HeaderLength)
            {
                received[..CTimeShape.HeaderLength].CopyTo(_lastGoodHeader ??= new byte[CTimeShape.HeaderLength]);
            }
        }

        var lineEnd = Math.Min(received.Length, ReplyLength - 1);
        var lineFrom = Math.Max(from, CTimeShape.HeaderLength);
        if (lineFrom < lineEnd)
        {
            var offset = lineFrom - CTimeShape.HeaderLength;
            var common = _line.AsSpan(offset, lineEnd - lineFrom).CommonPrefixLength(received[lineFrom..lineEnd]);
            if (lineFrom + common < lineEnd)
            {
                expected = FormattableString.Invariant($"0x{_line[offset + common]:X2} (the request line)");
                return lineFrom + common;
            }
        }

        if (received.Length == ReplyLength && received[^1] != '\n')
        {
            expected = "'\\n' ending the reply";
            return ReplyLength - 1;
        }

        return -1;
    }
}
