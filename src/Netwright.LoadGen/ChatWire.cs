using System.Buffers.Text;
using System.Text;

namespace Netwright.LoadGen;

/// <summary>
/// The IRC lines the chat modes send and the few they read: registration, the numbered benchmark message, and
/// the server lines a client must act on (<c>PING</c>, end of <c>NAMES</c>, <c>PONG</c>, errors).
/// </summary>
/// <remarks>
/// A benchmark message's text is <c>SEQUENCE TIMESTAMP PADDING</c>: the message number (8 digits), the sender's
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp (the receivers run in the same process, so their delay is
/// exact), and letters up to the message size (<see cref="FillPadding"/>; letters only, since servers may trim
/// trailing spaces). Every delivery is
/// checked: the number must be the next one the receiver expects and the padding must be intact.
/// </remarks>
internal static class ChatWire
{
    /// <summary>Bytes of a message text before its padding: 8 digits, a space, 19 digits, a space.</summary>
    public const int HeaderLength = 8 + 1 + 19 + 1;

    /// <summary>The shortest message text (the header alone).</summary>
    public const int MinTextLength = HeaderLength;

    /// <summary>The longest message text that fits IRC's 512-byte line with the relayed prefix to spare.</summary>
    public const int MaxTextLength = 300;

    /// <summary>Gets the chat-idle probe: a <c>PING</c> whose token comes back in the server's <c>PONG</c>.</summary>
    public static ReadOnlySpan<byte> Probe => "PING :netwright-probe\r\n"u8;

    /// <summary>Returns the registration of <paramref name="nick"/> and its <c>JOIN</c> of <paramref name="channel"/>.</summary>
    public static byte[] Registration(string nick, string channel) =>
        Encoding.ASCII.GetBytes($"NICK {nick}\r\nUSER {nick} 0 * :netwright bench\r\nJOIN {channel}\r\n");

    /// <summary>Returns <c>PRIVMSG CHANNEL :</c>, the start of every benchmark message.</summary>
    public static byte[] MessagePrefix(string channel) => Encoding.ASCII.GetBytes($"PRIVMSG {channel} :");

    /// <summary>
    /// Writes message <paramref name="sequence"/> (prefix, text of <paramref name="textLength"/> bytes, CR LF) into
    /// <paramref name="destination"/>; returns the bytes written.
    /// </summary>
    public static int WriteMessage(Span<byte> destination, ReadOnlySpan<byte> prefix, long sequence, long timestamp, int textLength)
    {
        prefix.CopyTo(destination);
        var text = destination[prefix.Length..];
        WriteDigits(text[..8], sequence);
        text[8] = (byte)' ';
        WriteDigits(text.Slice(9, 19), timestamp);
        text[28] = (byte)' ';
        FillPadding(text[HeaderLength..textLength], sequence);
        text[textLength] = (byte)'\r';
        text[textLength + 1] = (byte)'\n';
        return prefix.Length + textLength + 2;
    }

    /// <summary>Returns the bytes one message takes on the sender's side.</summary>
    public static int MessageLength(int prefixLength, int textLength) => prefixLength + textLength + 2;

    /// <summary>
    /// Reads one line from the server (without its line ending) into <paramref name="line"/>; returns false only for
    /// a benchmark message whose text is malformed (then <paramref name="problem"/> says why).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, ReadOnlySpan<byte> channel, out ServerLine parsed, out string? problem)
    {
        parsed = default;
        problem = null;
        var rest = line;
        if (rest.Length > 0 && rest[0] == (byte)':')
        {
            var space = rest.IndexOf((byte)' ');
            rest = space < 0 ? [] : rest[(space + 1)..];
        }

        var end = rest.IndexOf((byte)' ');
        var command = end < 0 ? rest : rest[..end];
        var parameters = end < 0 ? [] : rest[(end + 1)..];
        if (command.SequenceEqual("PRIVMSG"u8))
        {
            return TryParseMessage(parameters, channel, out parsed, out problem);
        }

        parsed = command switch
        {
            _ when command.SequenceEqual("PING"u8) => new ServerLine(ServerLineKind.Ping, Token: parameters.ToArray()),
            _ when command.SequenceEqual("PONG"u8) => new ServerLine(parameters.IndexOf("netwright-probe"u8) >= 0 ? ServerLineKind.ProbeAnswer : ServerLineKind.Other),
            _ when command.SequenceEqual("ERROR"u8) => new ServerLine(ServerLineKind.Error, Token: parameters.ToArray()),
            _ when command.SequenceEqual("366"u8) && SecondParameterIs(parameters, channel) => new ServerLine(ServerLineKind.Joined),
            _ when IsFailureNumeric(command) => new ServerLine(ServerLineKind.Refused, Token: line.ToArray()),
            _ => new ServerLine(ServerLineKind.Other),
        };
        return true;
    }

    /// <summary>Fills a message's padding with letters that depend on its sequence number and position.</summary>
    public static void FillPadding(Span<byte> padding, long sequence)
    {
        var start = (int)(sequence % 26);
        for (var i = 0; i < padding.Length; i++)
        {
            padding[i] = (byte)('a' + ((start + i) % 26));
        }
    }

    /// <summary>Checks a message's padding against <see cref="FillPadding"/>.</summary>
    public static bool PaddingIsIntact(ReadOnlySpan<byte> padding, long sequence)
    {
        var start = (int)(sequence % 26);
        for (var i = 0; i < padding.Length; i++)
        {
            if (padding[i] != (byte)('a' + ((start + i) % 26)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseMessage(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> channel, out ServerLine parsed, out string? problem)
    {
        parsed = new ServerLine(ServerLineKind.Other);
        problem = null;
        var space = parameters.IndexOf((byte)' ');
        if (space < 0 || !parameters[..space].SequenceEqual(channel) || parameters.Length < space + 2 || parameters[space + 1] != (byte)':')
        {
            return true;
        }

        var text = parameters[(space + 2)..];
        if (text.Length < HeaderLength || text[8] != (byte)' ' || text[28] != (byte)' '
            || !Utf8Parser.TryParse(text[..8], out long sequence, out var used) || used != 8
            || !Utf8Parser.TryParse(text.Slice(9, 19), out long timestamp, out used) || used != 19)
        {
            problem = "a benchmark message arrived with a malformed header: " + Encoding.Latin1.GetString(text[..Math.Min(text.Length, 40)]);
            return false;
        }

        parsed = new ServerLine(ServerLineKind.Message, sequence, timestamp);
        if (!PaddingIsIntact(text[HeaderLength..], sequence))
        {
            problem = $"message {sequence} arrived with its text changed";
            return false;
        }

        return true;
    }

    private static bool SecondParameterIs(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> value)
    {
        var space = parameters.IndexOf((byte)' ');
        if (space < 0)
        {
            return false;
        }

        var second = parameters[(space + 1)..];
        var end = second.IndexOf((byte)' ');
        return (end < 0 ? second : second[..end]).SequenceEqual(value);
    }

    /// <summary>Numerics that refuse a registration or a join: 4xx, and 5xx user-mode errors.</summary>
    private static bool IsFailureNumeric(ReadOnlySpan<byte> command) =>
        command.Length == 3 && command[0] is (byte)'4' or (byte)'5' && char.IsAsciiDigit((char)command[1]) && char.IsAsciiDigit((char)command[2])
        && !command.SequenceEqual("422"u8); // 422 is "MOTD file is missing", part of a normal registration.

    private static void WriteDigits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}

/// <summary>What a server line means to a benchmark client.</summary>
internal enum ServerLineKind
{
    /// <summary>Anything the client ignores (welcome numerics, JOIN announcements, NAMES).</summary>
    Other,

    /// <summary><c>PING</c>: answer with <c>PONG</c> and the same token.</summary>
    Ping,

    /// <summary>The end of <c>NAMES</c> for the benchmark channel: the client has joined.</summary>
    Joined,

    /// <summary>A benchmark message in the channel.</summary>
    Message,

    /// <summary>The <c>PONG</c> answering the chat-idle probe.</summary>
    ProbeAnswer,

    /// <summary><c>ERROR</c>: the server is closing the connection.</summary>
    Error,

    /// <summary>An error numeric: the registration or the join was refused.</summary>
    Refused,
}

/// <summary>One parsed server line.</summary>
/// <param name="Kind">What it means.</param>
/// <param name="Sequence">A message's number.</param>
/// <param name="Timestamp">A message's send time (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
/// <param name="Token">A PING's parameters, an ERROR's text or a refusal line.</param>
internal readonly record struct ServerLine(ServerLineKind Kind, long Sequence = 0, long Timestamp = 0, byte[]? Token = null);
