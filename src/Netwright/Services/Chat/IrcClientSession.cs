using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Netwright.Framing;
using Netwright.Services.Chat.Internal;

namespace Netwright.Services.Chat;

/// <summary>
/// The client side of IRC over a connection: registration (<c>CAP LS 302</c>/<c>CAP END</c>, <c>PASS</c>,
/// <c>NICK</c>, <c>USER</c>, another nickname on 433), <c>PING</c> answered with <c>PONG</c>, and the commands a
/// person types. Works against Netwright's chat and any RFC 1459/2812 server.
/// </summary>
/// <remarks>
/// <para>Start here for an IRC client. Call <see cref="StartAsync"/>, then read with <see cref="ReadMessageAsync"/>
/// in one loop: the session handles what it must on its own (capabilities, nickname retries, PINGs, its own
/// nickname changes) and returns every message, those included, so a UI can show them. <see cref="Registered"/>
/// completes with the 001 welcome.</para>
/// <para>One task reads; the send methods may be called from any task at the same time (they are serialized).
/// The session does not own the transport: dispose the connection after the session is done.</para>
/// </remarks>
public sealed partial class IrcClientSession : IDisposable
{
    private static readonly Encoding s_strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private readonly IDuplexPipe _transport;
    private readonly IrcClientOptions _options;
    private readonly LineFramer _framer;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<IrcClientMessage> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadOnlySequence<byte> _pending;
    private bool _discarding;
    private bool _ended;
    private bool _holding;
    private int _nickAttempt;

    /// <summary>Creates a session over a connected transport.</summary>
    /// <param name="transport">The connection's pipes (TCP, TLS or Unix); not owned.</param>
    /// <param name="options">Who to register as.</param>
    /// <exception cref="ArgumentException">The nickname is empty or has a space, comma or control character.</exception>
    public IrcClientSession(IDuplexPipe transport, IrcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        if (!IsSendableNick(options.Nick))
        {
            throw new ArgumentException($"'{options.Nick}' is not a nickname (no spaces, commas or control characters)", nameof(options));
        }

        _transport = transport;
        _options = options;
        _framer = new LineFramer { MaxLineLength = options.MaxLineLength };
        Nick = options.Nick;
    }

    /// <summary>Gets the nickname the server knows us by: the one asked for, a retry after 433, or the latest accepted <c>NICK</c>.</summary>
    public string Nick { get; private set; }

    /// <summary>Gets the server's name from its welcome (the source of 001), or null before it.</summary>
    public string? ServerName { get; private set; }

    /// <summary>Gets a task that completes with the 001 welcome, or fails with <see cref="IrcClientException"/> when registration is refused or the connection ends first.</summary>
    public Task<IrcClientMessage> Registered => _registered.Task;

    /// <summary>Sends the registration: <c>CAP LS 302</c>, <c>PASS</c> when set, <c>NICK</c> and <c>USER</c>.</summary>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the lines are flushed.</returns>
    /// <remarks>A server without CAP answers 421 to it, which is harmless; one with CAP waits for <c>CAP END</c>, which the session sends after the server's list.</remarks>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var lines = new List<string> { "CAP LS 302" };
        if (_options.Password is { } password)
        {
            lines.Add($"PASS :{password}");
        }

        lines.Add($"NICK {Nick}");
        lines.Add($"USER {_options.UserName ?? _options.Nick} 0 * :{_options.RealName}");
        await SendLinesAsync(lines, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the send lock; the transport is not touched.</summary>
    public void Dispose() => _sendLock.Dispose();

    /// <summary>Reads the next message from the server, after the session has acted on it.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message, or null once the server closed the connection.</returns>
    /// <exception cref="IrcClientException">Registration failed (every nickname taken, a bad nickname, a wrong password).</exception>
    public async ValueTask<IrcClientMessage?> ReadMessageAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                _registered.TrySetException(new IrcClientException("the server closed the connection before the welcome (001)"));
                return null;
            }

            if (IrcClientMessage.Parse(line) is not { } message)
            {
                continue;
            }

            await HandleAsync(message, cancellationToken).ConfigureAwait(false);
            return message;
        }
    }

    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var input = _transport.Input;
        while (true)
        {
            if (_holding && TryTakeLine(out var line))
            {
                return line;
            }

            if (_ended)
            {
                return _holding ? TakeFinalLine(input) : null;
            }

            if (_holding)
            {
                input.AdvanceTo(_pending.Start, _pending.End);
                _holding = false;
            }

            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            _pending = result.Buffer;
            _holding = true;
            _ended = result.IsCompleted || result.IsCanceled;
        }
    }

    private string? TakeFinalLine(PipeReader input)
    {
        // What follows the last LF is a line too: a server may send ERROR and close without CR LF.
        var rest = _pending;
        var text = rest.IsEmpty || _discarding ? null : Decode(rest).TrimEnd('\r');
        input.AdvanceTo(rest.End);
        _holding = false;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private bool TryTakeLine(out string? line)
    {
        line = null;
        while (true)
        {
            var buffer = _pending;
            var status = _framer.TryReadLine(ref buffer, out var bytes);
            if (status == LineReadStatus.Line)
            {
                _pending = buffer;
                if (_discarding)
                {
                    _discarding = false;
                    continue;
                }

                line = Decode(bytes);
                return true;
            }

            if (status == LineReadStatus.TooLong)
            {
                // Skip the oversize line: drop up to its LF, or all of it and the rest until one comes.
                var lf = _pending.PositionOf((byte)'\n');
                _pending = lf is { } at ? _pending.Slice(_pending.GetPosition(1, at)) : _pending.Slice(_pending.End);
                _discarding = lf is null;
                continue;
            }

            return false;
        }
    }

    private static string Decode(ReadOnlySequence<byte> bytes)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Older clients and servers still send Latin-1; every byte is a character there.
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
