using System.Net.Sockets;
using System.Text;
using Netwright.Interop;

namespace Netwright.LoadGen;

/// <summary>
/// One IRC client of a chat run, driven by <see cref="EpollEngine"/>: it registers and joins, answers the server's
/// <c>PING</c>s, and hands every server line to its <see cref="ChatCoordinator"/> (deliveries, joins, probe
/// answers). What it sends waits in a bounded output buffer until the socket takes it.
/// </summary>
internal sealed class EpollChatClient : EpollConnection
{
    /// <summary>The longest server line accepted; IRC's is 512 bytes, so anything this long is broken.</summary>
    public const int MaxLineLength = 8192;

    private const int ReceiveBufferSize = 64 * 1024;
    private const int MaxOutput = 4 * 1024 * 1024;

    private readonly ChatCoordinator _coordinator;
    private readonly byte[] _channel;
    private readonly byte[] _input = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
    private byte[] _output = new byte[512];
    private int _inputCount;
    private int _outputStart;
    private int _outputEnd;
    private bool _quitting;
    private bool _failureReported;

    public EpollChatClient(int id, Socket socket, RunControl run, BenchErrors errors, EpollEngine engine, ChatCoordinator coordinator, string nick, string channel)
        : base(id, socket, run, errors, engine)
    {
        _coordinator = coordinator;
        Nick = nick;
        Channel = channel;
        _channel = Encoding.ASCII.GetBytes(channel);
    }

    /// <summary>Gets the client's nickname.</summary>
    public string Nick { get; }

    /// <summary>Gets the channel the client joins.</summary>
    public string Channel { get; }

    /// <summary>Gets whether the server has confirmed the join (366).</summary>
    public bool Joined { get; private set; }

    /// <summary>Gets or sets the next message number this client expects (receivers).</summary>
    public long NextSequence { get; set; }

    /// <summary>Gets the bytes waiting to be sent.</summary>
    public int PendingOutput => _outputEnd - _outputStart;

    /// <inheritdoc/>
    public override void Start()
    {
        Append(ChatWire.Registration(Nick, Channel));
        Flush();
        ReportFailure();
    }

    /// <inheritdoc/>
    public override void OnReady(uint events)
    {
        if (IsFinished)
        {
            return;
        }

        if (IsWaitingToSend && (events & LibC.EPOLLOUT) != 0)
        {
            Flush();
        }

        if (!IsFinished && (events & (LibC.EPOLLIN | LibC.EPOLLERR | LibC.EPOLLHUP)) != 0)
        {
            Receive();
        }

        ReportFailure();
    }

    /// <inheritdoc/>
    public override void OnTimer(long now) => _coordinator.OnTimer(this, now);

    /// <summary>Asks the engine for an <see cref="OnTimer"/> pass at or soon after <paramref name="deadline"/>.</summary>
    public void ScheduleTimer(long deadline) => Engine.ScheduleTimer(deadline);

    /// <summary>Gets room for <paramref name="length"/> more output bytes; the caller writes them and calls <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int length)
    {
        if (_outputStart == _outputEnd)
        {
            _outputStart = _outputEnd = 0;
        }

        if (_output.Length - _outputEnd < length)
        {
            var pending = _outputEnd - _outputStart;
            var needed = pending + length;
            if (needed > MaxOutput)
            {
                throw new InvalidOperationException(FormattableString.Invariant($"more than {MaxOutput} bytes wait unsent to the server"));
            }

            var target = _output.Length >= needed * 2 ? _output : new byte[Math.Max(needed * 2, _output.Length * 2)];
            Buffer.BlockCopy(_output, _outputStart, target, 0, pending);
            _output = target;
            _outputStart = 0;
            _outputEnd = pending;
        }

        return _output.AsSpan(_outputEnd, length);
    }

    /// <summary>Adds <paramref name="length"/> bytes written into the span <see cref="Reserve"/> returned.</summary>
    public void Commit(int length) => _outputEnd += length;

    /// <summary>Queues bytes to send; <see cref="Flush"/> sends them.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        data.CopyTo(Reserve(data.Length));
        Commit(data.Length);
    }

    /// <summary>Sends as much queued output as the socket takes; the rest goes when it has room (EPOLLOUT).</summary>
    public void Flush()
    {
        while (_outputStart < _outputEnd && !IsFinished)
        {
            if (!TrySendOnce(_output.AsSpan(_outputStart, _outputEnd - _outputStart), LibC.MSG_NOSIGNAL, LibC.EPOLLIN | LibC.EPOLLOUT, out var sent))
            {
                return;
            }

            _outputStart += sent;
        }

        if (_quitting && _outputStart == _outputEnd)
        {
            Finish();
        }

        ReportFailure();
    }

    /// <summary>Sends <c>QUIT</c> and closes once it has gone out.</summary>
    public void Quit()
    {
        if (IsFinished || _quitting)
        {
            return;
        }

        _quitting = true;
        Append("QUIT :netwright bench done\r\n"u8);
        Flush();
    }

    /// <summary>Ends the client with an error of <paramref name="kind"/>.</summary>
    public void FailClient(BenchErrorKind kind, string message) => FailAndFinish(kind, $"{Nick}: {message}");

    /// <summary>Closes the client without an error: the run is over (another client failed, or it was stopped).</summary>
    public void End() => Finish();

    /// <summary>Tells the coordinator once that this client failed, so it can end the run.</summary>
    private void ReportFailure()
    {
        if (Failed && !_failureReported)
        {
            _failureReported = true;
            _coordinator.OnClientFailed(this);
        }
    }

    private void Receive()
    {
        while (!IsFinished)
        {
            var count = ReceiveOnce(_input.AsSpan(_inputCount));
            if (count > 0)
            {
                _inputCount += (int)count;
                ProcessLines();
                continue;
            }

            if (count == 0)
            {
                if (!_quitting)
                {
                    FailClient(BenchErrorKind.Reset, "the server closed the connection");
                }
                else
                {
                    Finish();
                }

                return;
            }

            if (RetryAfterReceiveError())
            {
                continue;
            }

            return;
        }
    }

    private void ProcessLines()
    {
        var start = 0;
        var now = Now();
        while (!IsFinished)
        {
            var newline = _input.AsSpan(start, _inputCount - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var line = _input.AsSpan(start, newline);
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            start += newline + 1;
            HandleLine(line, now);
        }

        var rest = _inputCount - start;
        if (rest >= MaxLineLength)
        {
            FailClient(BenchErrorKind.Other, FormattableString.Invariant($"a server line longer than {MaxLineLength} bytes"));
            return;
        }

        if (start > 0)
        {
            _input.AsSpan(start, rest).CopyTo(_input);
        }

        _inputCount = rest;
    }

    private void HandleLine(ReadOnlySpan<byte> line, long now)
    {
        if (!ChatWire.TryParse(line, _channel, out var parsed, out var problem))
        {
            FailClient(BenchErrorKind.Mismatch, problem!);
            return;
        }

        switch (parsed.Kind)
        {
            case ServerLineKind.Ping:
                Append("PONG "u8);
                Append(parsed.Token);
                Append("\r\n"u8);
                Flush();
                break;
            case ServerLineKind.Joined when !Joined:
                Joined = true;
                _coordinator.OnJoined(this, now);
                break;
            case ServerLineKind.Message:
                _coordinator.OnMessage(this, parsed.Sequence, parsed.Timestamp, now);
                break;
            case ServerLineKind.ProbeAnswer:
                _coordinator.OnProbeAnswered(this);
                break;
            case ServerLineKind.Error when !_quitting:
                FailClient(BenchErrorKind.Reset, "the server closed the link: " + Encoding.Latin1.GetString(parsed.Token!));
                break;
            case ServerLineKind.Refused when !Joined:
                FailClient(BenchErrorKind.Other, "refused: " + Encoding.Latin1.GetString(parsed.Token!));
                break;
            default:
                break;
        }
    }
}
