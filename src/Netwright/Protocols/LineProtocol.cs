using System.Buffers;
using System.Text;
using Netwright.Applications;
using Netwright.Framing;

namespace Netwright.Protocols;

/// <summary>
/// A protocol that receives whole lines, like Twisted's <c>LineReceiver</c>: override
/// <see cref="OnLineReceived"/>, answer with <see cref="SendLine"/>.
/// </summary>
/// <remarks>
/// Lines end with LF or CRLF and are strict UTF-8. Text that arrives without a line ending is delivered as a
/// line once <see cref="PartialLineDelay"/> passes with nothing more arriving (clients like the tutorials'
/// <c>tsTclnt.py</c> send text and wait), and at the end of the stream. After <see cref="ITransport.LoseConnection"/>
/// no further buffered lines are delivered. A line over <see cref="MaxLineLength"/> or not UTF-8 goes to
/// <see cref="OnLineRejected"/> (Twisted's <c>lineLengthExceeded</c>), whose default closes the connection. So does a
/// line that began but did not finish within <see cref="ApplicationOptions.MessageTimeout"/>
/// (<see cref="FramingError.MessageTimeout"/>); the connection is closed after that call whatever it does.
/// </remarks>
public abstract class LineProtocol : Protocol
{
    private LineFramer _framer = new();
    private TimeSpan _partialLineDelay = TimeSpan.FromMilliseconds(50);
    private bool _discardingLongLine;
    private int? _maxLineLength;
    private TimeSpan? _partialLineDelayOverride;

    /// <summary>Gets or sets the longest line, in bytes; null takes the server's <see cref="ApplicationOptions.MaxLineLength"/> (16,384 outside a server).</summary>
    public int? MaxLineLength
    {
        get => _maxLineLength ?? _framer.MaxLineLength;
        set
        {
            _maxLineLength = value;
            _framer = new LineFramer { MaxLineLength = value ?? LineFramer.DefaultMaxLineLength };
        }
    }

    /// <summary>Gets or sets how long text without a line ending waits before it is delivered as a line; null takes the server's setting (50 ms outside a server); <see cref="Timeout.InfiniteTimeSpan"/> waits for the newline.</summary>
    public TimeSpan? PartialLineDelay
    {
        get => _partialLineDelayOverride ?? _partialLineDelay;
        set => _partialLineDelayOverride = value;
    }

    /// <summary>Gets or sets the line ending <see cref="SendLine"/> appends. Default: LF.</summary>
    public LineEnding LineEnding { get; set; } = LineEnding.Lf;

    /// <summary>Called for each line, without its line ending (Twisted's <c>lineReceived</c>).</summary>
    /// <param name="line">The line.</param>
    public abstract void OnLineReceived(string line);

    /// <summary>Called for a line that is too long, not UTF-8, or not finished in time; the default closes the connection (Twisted's <c>lineLengthExceeded</c>).</summary>
    /// <param name="error">What is wrong with the line; the line itself is skipped.</param>
    public virtual void OnLineRejected(FramingException error) => Transport.LoseConnection();

    /// <summary>Sends <paramref name="line"/> followed by <see cref="LineEnding"/> (Twisted's <c>sendLine</c>).</summary>
    /// <param name="line">The line, without an ending.</param>
    public void SendLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var ending = LineEnding == LineEnding.CrLf ? "\r\n" : "\n";
        var max = Encoding.UTF8.GetMaxByteCount(line.Length) + 2;
        if (max <= 1024)
        {
            Span<byte> buffer = stackalloc byte[max];
            var written = Encoding.UTF8.GetBytes(line, buffer);
            written += Encoding.ASCII.GetBytes(ending, buffer[written..]);
            Transport.Write(buffer[..written]);
            return;
        }

        Transport.Write(line + ending);
    }

    internal override void Attach(ITransport transport, ServerContext? server)
    {
        base.Attach(transport, server);
        if (server is not null)
        {
            if (_maxLineLength is null)
            {
                _framer = new LineFramer { MaxLineLength = server.Options.MaxLineLength };
            }

            _partialLineDelay = server.Options.PartialLineDelay;
        }
    }

    internal override TimeSpan StallDelay => PartialLineDelay ?? _partialLineDelay;

    internal override bool TimesMessages => true;

    internal override string MessageKind => "line";

    internal override void OnMessageTimedOut(FramingException error)
    {
        _discardingLongLine = true;
        OnLineRejected(error);
    }

    internal override SequencePosition Deliver(in ReadOnlySequence<byte> data)
    {
        var buffer = data;
        while (!Transport.IsClosing)
        {
            if (IsReadingPaused)
            {
                return buffer.Start;
            }

            if (_discardingLongLine)
            {
                if (buffer.PositionOf((byte)'\n') is not { } newline)
                {
                    return buffer.End;
                }

                _discardingLongLine = false;
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
            }

            switch (_framer.TryReadLine(ref buffer, out var line))
            {
                case LineReadStatus.Line:
                    DeliverLine(line);
                    break;
                case LineReadStatus.TooLong:
                    _discardingLongLine = true;
                    OnLineRejected(new FramingException(FramingError.LineTooLong, $"line longer than {_framer.MaxLineLength} bytes"));
                    break;
                default:
                    return buffer.Start;
            }
        }

        return data.End;
    }

    internal override SequencePosition DeliverStalled(in ReadOnlySequence<byte> data)
    {
        // Whole lines first (they may have waited out a pause); only a newline-free rest is a partial line.
        var consumed = Deliver(data);
        var rest = data.Slice(consumed);
        if (rest.IsEmpty || IsReadingPaused || Transport.IsClosing)
        {
            return consumed;
        }

        DeliverEndOfStream(rest);
        return data.End;
    }

    internal override void DeliverEndOfStream(in ReadOnlySequence<byte> remaining)
    {
        if (_discardingLongLine || Transport.IsClosing)
        {
            return;
        }

        try
        {
            if (_framer.TryReadFinalLine(remaining, out var line))
            {
                DeliverLine(line);
            }
        }
        catch (FramingException error)
        {
            OnLineRejected(error);
        }
    }

    /// <summary>
    /// Called for each line as raw bytes, before any decoding; the default decodes it as strict UTF-8 and calls
    /// <see cref="OnLineReceived"/>, or <see cref="OnLineRejected"/> when it is not UTF-8. Override it to answer
    /// in bytes without allocating (Twisted's <c>lineReceived</c> gets bytes too).
    /// </summary>
    /// <param name="line">The line without its ending; valid only during this call.</param>
    protected virtual void OnRawLineReceived(in ReadOnlySequence<byte> line) => DecodeAndDeliver(line);

    private void DeliverLine(in ReadOnlySequence<byte> line) => OnRawLineReceived(line);

    private void DecodeAndDeliver(in ReadOnlySequence<byte> line)
    {
        string text;
        try
        {
            text = LineText.Decode(line);
        }
        catch (FramingException error)
        {
            // Decode's error names the bad byte and its offset, the same text the handler style reports.
            OnLineRejected(error);
            return;
        }

        OnLineReceived(text);
    }
}
