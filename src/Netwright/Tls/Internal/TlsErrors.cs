using System.Security.Authentication;
using System.Text;
using Netwright.Errors;

namespace Netwright.Tls.Internal;

/// <summary>
/// Turns what <see cref="System.Net.Security.SslStream"/> throws during a handshake into a <see cref="TlsHandshakeException"/>
/// that says what happened: plain text where TLS was expected, a malformed handshake, a refused certificate, a peer
/// that left, a time limit.
/// </summary>
internal static class TlsErrors
{
    /// <summary>The first byte of every TLS handshake record (content type 22).</summary>
    private const byte HandshakeRecord = 0x16;

    public static TlsHandshakeException Describe(Exception error, PipeStream stream, bool client, string peer, TimeSpan timeout, string? rejection)
    {
        var side = client ? "server" : "client";
        var first = stream.FirstBytes;
        if (rejection is not null)
        {
            return new TlsHandshakeException(TlsFailure.CertificateRejected, $"TLS with {peer}: {rejection}", error);
        }

        if (first.Length > 0 && first[0] != HandshakeRecord && !IsAlert(first))
        {
            return new TlsHandshakeException(TlsFailure.Protocol, $"TLS with {peer}: the {side} does not speak TLS; it sent {Show(first)}", error);
        }

        if (error is OperationCanceledException)
        {
            return new TlsHandshakeException(TlsFailure.TimedOut, $"TLS with {peer}: the handshake did not finish within {timeout.TotalSeconds:0.###} s", error);
        }

        if (error is AuthenticationException && Mentions(error, "certificate"))
        {
            return new TlsHandshakeException(TlsFailure.CertificateRejected, $"TLS with {peer}: the {side}'s certificate was refused: {Innermost(error)}", error);
        }

        if (stream.SawEndOfStream || error is Errors.ConnectionResetException || error.InnerException is Errors.ConnectionResetException)
        {
            var when = first.Length == 0 ? "before the handshake began" : "during the handshake";
            var hint = client ? " (it may not speak TLS, or it refused our offer or certificate)" : " (it may not trust our certificate)";
            return new TlsHandshakeException(TlsFailure.PeerClosed, $"TLS with {peer}: the {side} closed the connection {when}{hint}", error);
        }

        var what = IsAlert(first) ? $"the {side} sent an alert" : $"the {side} sent a malformed or unacceptable handshake";
        return new TlsHandshakeException(TlsFailure.Protocol, $"TLS with {peer}: {what}: {Innermost(error)}", error);
    }

    private static bool IsAlert(byte[] first) => first.Length > 0 && first[0] == 0x15;

    private static bool Mentions(Exception error, string word)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Innermost(Exception error)
    {
        var e = error;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message.TrimEnd('.');
    }

    /// <summary>Shows the first bytes as text when they are printable (a plain-text protocol), otherwise as hex.</summary>
    private static string Show(byte[] first)
    {
        if (first.All(b => b is (>= 0x20 and < 0x7f) or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            var text = Encoding.ASCII.GetString(first).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            return $"plain text \"{text}…\"";
        }

        return "bytes " + Convert.ToHexString(first);
    }
}
