using System.Buffers;
using System.Net;
using System.Text;
using Netwright.Applications;
using Netwright.Framing;
using Netwright.Protocols;

namespace Netwright.Services.Chat.Internal;

/// <summary>What a connection turned out to be, from its first line.</summary>
internal enum ClientKind
{
    Unknown,
    Plain,
    Irc,
}

/// <summary>
/// One chat connection, plain or IRC: the protocol the server runs on it and the user's state. Lines go to
/// an <see cref="IrcSession"/> or a <see cref="PlainSession"/> under the hub's lock; everything sent to the
/// client goes through <see cref="Send(byte[])"/>, which enforces the send queue limit.
/// </summary>
internal sealed partial class ChatClient : LineProtocol
{
    /// <summary>Gets the server's instruments (message sizes); null when hosted outside a server.</summary>
    public Diagnostics.NetwrightMetrics? Metrics { get; private set; }

    internal override void Attach(ITransport transport, ServerContext? server)
    {
        base.Attach(transport, server);
        Metrics = server?.Metrics;
    }

    private readonly ChatHub _hub;
    private FloodGate? _flood;
    private ITimer? _timer;
    private int _flushQueued;
    private int _closeQueued;
    private string? _mask;

    public ChatClient(ChatHub hub, IPAddress? address)
    {
        _hub = hub;
        Address = address;
        Host = address?.ToString() ?? "localhost";
        MaxLineLength = ChatHub.MaxLineBytes;
        LineEnding = LineEnding.CrLf;
        var now = hub.Time.GetTimestamp();
        ConnectedAt = now;
        LastHeard = now;
    }

    public IPAddress? Address { get; }

    public ClientKind Kind { get; private set; }

    public string Id => Transport.ConnectionId;

    public string? Nick { get; private set; }

    public string UserName { get; set; } = "user";

    public string Host { get; }

    public string RealName { get; set; } = "";

    public string? AwayMessage { get; set; }

    public bool IsOperator { get; set; }

    public bool Invisible { get; set; }

    public bool IsRegistered { get; set; }

    public bool IsGone { get; private set; }

    public string? QuitReason { get; set; }

    public List<ChatRoom> Rooms { get; } = [];

    public long ConnectedAt { get; }

    public long LastHeard { get; private set; }

    public long PingSentAt { get; set; }

    public IrcSession? Irc { get; private set; }

    public PlainSession? Plain { get; private set; }

    /// <summary>Gets <c>nick!user@host</c>, the source of this client's messages and what bans match.</summary>
    public string Mask => _mask ??= $"{Nick}!{UserName}@{Host}";

    /// <summary>Gets the name numerics address: the nick, or <c>*</c> before there is one.</summary>
    public string Target => Nick ?? "*";

    public void SetNick(string? nick)
    {
        Nick = nick;
        _mask = null;
    }

    public override void OnConnected()
    {
        if (_hub.Options.FloodRate > 0)
        {
            _flood = new FloodGate(_hub.Time, _hub.Options.FloodRate, Math.Max(1, _hub.Options.FloodBurst), _hub.Options.FloodQueueLength);
        }

        _timer = _hub.Time.CreateTimer(static state => ((ChatClient)state!).OnPromptDue(), this, _hub.Options.PlainPromptDelay, Timeout.InfiniteTimeSpan);
    }

    public override void OnConnectionLost(Exception? reason)
    {
        _timer?.Dispose();
        lock (_hub.Lock)
        {
            if (!IsGone)
            {
                IsGone = true;
                _hub.Leave(this, QuitReason ?? (reason is null ? "Connection closed" : "Connection reset"));
            }
        }
    }

    /// <summary>Leaves every room now, telling the others why, before the connection has closed; under the hub's lock.</summary>
    internal void LeaveNow()
    {
        if (!IsGone)
        {
            IsGone = true;
            _hub.Leave(this, QuitReason ?? "Connection closed");
        }
    }

    /// <summary>Handles one read's worth of lines as a batch: every client they reached is flushed once, at the end.</summary>
    internal override SequencePosition Deliver(in ReadOnlySequence<byte> data)
    {
        var outer = _hub.BeginBatch();
        try
        {
            return base.Deliver(data);
        }
        finally
        {
            _hub.EndBatch(outer);
        }
    }

    protected override void OnRawLineReceived(in ReadOnlySequence<byte> line)
    {
        // IRC has no declared encoding: UTF-8 when it is, Latin-1 otherwise (what clients fall back to), never a disconnect.
        var text = LineText.TryDecode(line, out var utf8) ? utf8 : Encoding.Latin1.GetString(line);
        OnLineReceived(text);
    }

    public override void OnLineReceived(string line)
    {
        if (line.Contains('\0', StringComparison.Ordinal))
        {
            line = line.Replace("\0", "", StringComparison.Ordinal);
        }

        lock (_hub.Lock)
        {
            if (IsGone || Transport.IsClosing)
            {
                return;
            }

            LastHeard = _hub.Time.GetTimestamp();
            PingSentAt = 0;
            if (_flood is { } flood && !flood.TryTake())
            {
                if (!flood.TryDelay(line))
                {
                    _hub.Disconnect(this, "Excess Flood");
                    return;
                }

                ArmFloodTimer(flood.UntilNextToken);
                return;
            }

            Handle(line);
        }
    }

    public override void OnLineRejected(FramingException error)
    {
        lock (_hub.Lock)
        {
            if (error.Error == FramingError.MessageTimeout)
            {
                // A line trickled in too slowly (slowloris): the farewell says why, then the connection closes. The
                // transport has logged it already, rate-limited across all clients.
                Close("Line timeout");
                return;
            }

            _hub.NoteBadInput(this, error.Message);

            if (Kind == ClientKind.Irc)
            {
                SendNumeric(Numerics.InputTooLong, ":Input line was too long");
            }
            else
            {
                SendText($"* Line too long: at most {ChatHub.MaxLineBytes} bytes");
            }
        }
    }

    /// <summary>Runs one line (already past the flood gate); the first line decides the client's kind.</summary>
    private void Handle(string line)
    {
        if (Kind == ClientKind.Unknown)
        {
            Become(IrcMessage.LooksLikeIrcOpening(line) ? ClientKind.Irc : ClientKind.Plain);
        }
        else if (Kind == ClientKind.Plain && !IsRegistered && IrcMessage.LooksLikeIrcOpening(line))
        {
            // An IRC client that stayed silent past the prompt delay (a slow link, a bouncer, a crowd connecting at
            // once) was prompted as a plain client; its registration still makes it an IRC client. No plain nickname
            // contains a space, so no plain client's answer is taken for one.
            Plain = null;
            Become(ClientKind.Irc);
        }

        if (Irc is { } irc)
        {
            irc.Handle(line);
        }
        else
        {
            Plain!.Handle(line);
        }
    }

    private void Become(ClientKind kind)
    {
        Kind = kind;
        if (kind == ClientKind.Irc)
        {
            Irc = new IrcSession(_hub, this);
            if (_flood is null)
            {
                // The prompt timer's only other use is the flood limit's delay: without one, an idle IRC session
                // need not hold a timer (a few hundred bytes each, at 10,000 clients a few MiB).
                _timer?.Dispose();
                _timer = null;
            }
            else
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        else
        {
            Plain = new PlainSession(_hub, this);
        }
    }

    private void OnPromptDue()
    {
        lock (_hub.Lock)
        {
            if (Kind == ClientKind.Unknown && !IsGone)
            {
                Become(ClientKind.Plain);
                Plain!.Prompt();
            }
            else if (_flood is { HasWaiting: true } flood)
            {
                while (!IsGone && flood.TryRelease(out var line))
                {
                    Handle(line);
                }

                if (flood.HasWaiting)
                {
                    ArmFloodTimer(flood.UntilNextToken);
                }
            }
        }
    }

    private void ArmFloodTimer(TimeSpan due) => _timer?.Change(due > TimeSpan.Zero ? due : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
}
