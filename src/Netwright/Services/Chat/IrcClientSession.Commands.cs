using System.Buffers;
using System.Globalization;
using Netwright.Services.Chat.Internal;

namespace Netwright.Services.Chat;

/// <summary>What the session does on its own, and the commands a person sends.</summary>
public sealed partial class IrcClientSession
{
    /// <summary>Sends one raw line (a command the helpers do not cover: <c>WHOIS bob</c>, <c>MODE #room +t</c>).</summary>
    /// <param name="line">The line without CR LF; it is cut to IRC's 512 bytes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the line is flushed.</returns>
    /// <exception cref="ArgumentException">The line contains CR, LF or NUL (it would smuggle a second command).</exception>
    public Task SendAsync(string line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException("an IRC line cannot contain CR, LF or NUL", nameof(line));
        }

        return SendLinesAsync([line], cancellationToken);
    }

    /// <summary>Sends a message (<c>PRIVMSG</c>) to a channel or a nickname.</summary>
    /// <param name="target">A channel (<c>#room</c>) or a nickname.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the line is flushed.</returns>
    public Task SendMessageAsync(string target, string text, CancellationToken cancellationToken = default) =>
        SendAsync($"PRIVMSG {Word(target)} :{text}", cancellationToken);

    /// <summary>Sends an action (<c>/me</c>: a CTCP ACTION) to a channel or a nickname.</summary>
    /// <param name="target">A channel or a nickname.</param>
    /// <param name="text">What the user does.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the line is flushed.</returns>
    public Task SendActionAsync(string target, string text, CancellationToken cancellationToken = default) =>
        SendMessageAsync(target, IrcText.Action(text), cancellationToken);

    /// <summary>Sends <c>QUIT</c>; the server answers with <c>ERROR</c> and closes, which ends <see cref="ReadMessageAsync"/>.</summary>
    /// <param name="reason">The reason the others see, or null.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the line is flushed.</returns>
    public Task QuitAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(reason is null ? "QUIT" : $"QUIT :{reason}", cancellationToken);

    /// <summary>Reads the text of a CTCP ACTION (<c>\x01ACTION waves\x01</c>), or null for any other message text.</summary>
    /// <param name="text">The text of a PRIVMSG.</param>
    /// <returns>The action's text, or null.</returns>
    public static string? ActionText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IrcText.ActionText(text);
    }

    /// <summary>Tells whether two nicknames or channels are the same under RFC 1459 case mapping (<c>Nick[1]</c> is <c>nick{1}</c>).</summary>
    /// <param name="a">One name.</param>
    /// <param name="b">The other.</param>
    /// <returns>Whether they are the same name.</returns>
    public static bool SameName(string? a, string? b) => IrcCaseMapping.Instance.Equals(a, b);

    private async ValueTask HandleAsync(IrcClientMessage message, CancellationToken cancellationToken)
    {
        switch (message.Command)
        {
            case "PING":
                await SendLinesAsync([message.Parameters.Count > 0 ? $"PONG :{message.Parameters[^1]}" : "PONG"], cancellationToken).ConfigureAwait(false);
                break;
            case "CAP" when message[1] == "LS" && message[2] != "*":
                // We ask for no capability; the list only tells us the server waits for CAP END (the last LS line has no '*').
                await SendLinesAsync(["CAP END"], cancellationToken).ConfigureAwait(false);
                break;
            case "001":
                Nick = message[0] ?? Nick;
                ServerName = message.Source;
                _registered.TrySetResult(message);
                break;
            case "433" or "436" when !_registered.Task.IsCompleted:
                await RetryNickAsync(message, cancellationToken).ConfigureAwait(false);
                break;
            case "432" or "464" or "465" when !_registered.Task.IsCompleted:
                _registered.TrySetException(new IrcClientException($"the server refused the registration: {Describe(message)}"));
                throw _registered.Task.Exception!.InnerException!;
            case "NICK" when SameName(message.SourceNick, Nick) && message[0] is { } renamed:
                Nick = renamed;
                break;
            case "ERROR":
                _registered.TrySetException(new IrcClientException($"the server closed the connection: {message[0]}"));
                break;
        }
    }

    private async ValueTask RetryNickAsync(IrcClientMessage message, CancellationToken cancellationToken)
    {
        if (++_nickAttempt > _options.NickRetries)
        {
            _registered.TrySetException(new IrcClientException($"no free nickname after {_options.NickRetries + 1} tries: {Describe(message)}"));
            throw _registered.Task.Exception!.InnerException!;
        }

        // alice_, then alice2, alice3...: short suffixes, so a server's nickname length is rarely crossed.
        Nick = _nickAttempt == 1 ? _options.Nick + "_" : _options.Nick + _nickAttempt.ToString(CultureInfo.InvariantCulture);
        await SendLinesAsync([$"NICK {Nick}"], cancellationToken).ConfigureAwait(false);
    }

    private async Task SendLinesAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var output = _transport.Output;
            foreach (var line in lines)
            {
                output.Write(IrcText.Encode(line));
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static string Describe(IrcClientMessage message) =>
        $"{message.Command} {string.Join(' ', message.Parameters.Skip(1))}".TrimEnd();

    private static string Word(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return target.AsSpan().IndexOfAny(' ', '\r', '\n') >= 0 ? throw new ArgumentException($"'{target}' is not a channel or nickname", nameof(target)) : target;
    }

    private static bool IsSendableNick(string nick) =>
        !string.IsNullOrEmpty(nick) && !nick.StartsWith(':') && !nick.Any(c => c is ' ' or ',' or '*' or '?' or '!' or '@' || char.IsControl(c));
}
