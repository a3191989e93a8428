using System.Text;
using System.Text.Unicode;

namespace Netwright.Services.Timestamp;

/// <summary>The timestamp service over datagrams (the tutorials' <c>tsUserv.py</c>): one reply per datagram.</summary>
internal static class TimestampDatagramReply
{
    /// <summary>The reply to a datagram; a trailing line ending in the request is kept on the reply, so <c>nc -u</c> prints it on its own line.</summary>
    public static string For(ReadOnlySpan<byte> payload, TimeProvider clock)
    {
        if (!Utf8.IsValid(payload))
        {
            return "error: datagram is not valid UTF-8\n";
        }

        var text = Encoding.UTF8.GetString(payload);
        var body = text.TrimEnd('\r', '\n');
        return TimestampReply.For(body, clock) + text[body.Length..];
    }
}
