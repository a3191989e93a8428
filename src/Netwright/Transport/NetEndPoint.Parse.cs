using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Naming;

namespace Netwright.Transport;

public sealed partial class NetEndPoint
{
    private const string Expected = "expected HOST:PORT, [IPv6]:PORT, tcp://, udp://, unix:// or unixgram://";

    /// <summary>
    /// Parses an endpoint: <c>tcp://host:port</c>, <c>udp://host:port</c>, <c>unix:///abs/path.sock</c>,
    /// <c>unix:relative/path.sock</c>, <c>unixgram:///path.sock</c>, or a bare <c>host:port</c> /
    /// <c>[IPv6]:port</c> of <paramref name="defaultKind"/>. The port may be a service name (<c>localhost:http</c>).
    /// </summary>
    /// <param name="text">The text to parse; surrounding white space is ignored.</param>
    /// <param name="defaultKind">The kind of a bare endpoint without a scheme; for a Unix kind the bare text is a path.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not an endpoint; the message quotes it and says what was expected.</exception>
    /// <exception cref="UnknownServiceException">The port is a service name the services database does not know.</exception>
    public static NetEndPoint Parse(string text, TransportKind defaultKind = TransportKind.Tcp)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, defaultKind, listenDefaultHost: null, out var endPoint, out var error, out var unknownService)
            ? endPoint
            : throw Failure(error, unknownService);
    }

    /// <summary>Parses an endpoint as <see cref="Parse"/> does, without throwing.</summary>
    /// <param name="text">The text to parse; null gives false.</param>
    /// <param name="defaultKind">The kind of a bare endpoint without a scheme.</param>
    /// <param name="endPoint">The endpoint when the text is valid; otherwise null.</param>
    /// <param name="error">Why the text is not valid (the message <see cref="Parse"/> would throw); otherwise null.</param>
    /// <returns>True when the text is a valid endpoint.</returns>
    public static bool TryParse(
        string? text,
        TransportKind defaultKind,
        [NotNullWhen(true)] out NetEndPoint? endPoint,
        [NotNullWhen(false)] out string? error)
    {
        if (text is null)
        {
            endPoint = null;
            error = "no endpoint given: " + Expected;
            return false;
        }

        return TryParseCore(text, defaultKind, listenDefaultHost: null, out endPoint, out error, out _);
    }

    /// <summary>
    /// Parses a listen address given to a command-line option such as <c>--tcp [HOST:]PORT</c>: <c>PORT</c>,
    /// <c>:PORT</c>, <c>HOST:PORT</c>, <c>[v6]:PORT</c>, a service name, or a full scheme form of the same kind.
    /// For a Unix <paramref name="kind"/> the text is a path (or a <c>unix://</c>/<c>unixgram://</c> form).
    /// </summary>
    /// <param name="text">The option value.</param>
    /// <param name="kind">The kind the option stands for.</param>
    /// <param name="defaultHost">The host used when the text gives only a port; <c>127.0.0.1</c> by default.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="defaultHost"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a listen address of <paramref name="kind"/>.</exception>
    /// <exception cref="UnknownServiceException">The port is a service name the services database does not know.</exception>
    public static NetEndPoint ParseListen(string text, TransportKind kind, string defaultHost = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultHost);
        if (!TryParseCore(text, kind, defaultHost, out var endPoint, out var error, out var unknownService))
        {
            throw Failure(error, unknownService);
        }

        if (endPoint.Kind != kind)
        {
            throw new FormatException(
                $"'{text.Trim()}' is a {SchemeOf(endPoint.Kind)} endpoint, but a {SchemeOf(kind)} address was expected");
        }

        return endPoint;
    }

    private static bool TryParseCore(
        string text,
        TransportKind defaultKind,
        string? listenDefaultHost,
        [NotNullWhen(true)] out NetEndPoint? endPoint,
        [NotNullWhen(false)] out string? error,
        out bool unknownService)
    {
        endPoint = null;
        unknownService = false;
        var input = text.Trim();
        if (input.Length == 0)
        {
            error = "no endpoint given: " + Expected;
            return false;
        }

        var kind = defaultKind;
        var rest = input;
        var hasScheme = false;
        var colon = input.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && TryGetKind(input[..colon], out var schemeKind))
        {
            kind = schemeKind;
            rest = input[(colon + 1)..];
            hasScheme = true;
        }
        else if (input.Contains("://", StringComparison.Ordinal))
        {
            error = $"'{input}' has an unknown scheme '{input[..input.IndexOf(':', StringComparison.Ordinal)]}': {Expected}";
            return false;
        }

        if (kind is TransportKind.Unix or TransportKind.UnixDatagram)
        {
            return TryParsePath(input, rest, kind, hasScheme, out endPoint, out error);
        }

        if (hasScheme)
        {
            if (!rest.StartsWith("//", StringComparison.Ordinal))
            {
                error = $"'{input}' is not an endpoint: expected {SchemeOf(kind)}://HOST:PORT";
                return false;
            }

            rest = rest[2..];
        }
        else if (input.StartsWith('/'))
        {
            error = $"'{input}' is not an endpoint: a socket path needs unix:// or unixgram:// (e.g. unix://{input})";
            return false;
        }

        return TryParseHostPort(input, rest, kind, hasScheme ? null : listenDefaultHost, out endPoint, out error, out unknownService);
    }

    private static bool TryParsePath(
        string input, string rest, TransportKind kind, bool hasScheme, out NetEndPoint? endPoint, out string? error)
    {
        endPoint = null;
        var path = rest;
        if (hasScheme && rest.StartsWith("//", StringComparison.Ordinal))
        {
            path = rest[2..];
            if (!path.StartsWith('/'))
            {
                error = $"'{input}' is not a Unix endpoint: expected {SchemeOf(kind)}:///absolute/path or {SchemeOf(kind)}:relative/path";
                return false;
            }
        }

        if (path.Length == 0)
        {
            error = $"'{input}' is not a Unix endpoint: the socket path is empty";
            return false;
        }

        endPoint = new NetEndPoint(kind, null, 0, path);
        error = null;
        return true;
    }

    private static bool TryParseHostPort(
        string input,
        string rest,
        TransportKind kind,
        string? listenDefaultHost,
        out NetEndPoint? endPoint,
        out string? error,
        out bool unknownService)
    {
        endPoint = null;
        unknownService = false;
        string host;
        string portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                error = $"'{input}' is not an endpoint: expected [IPv6]:PORT";
                return false;
            }

            host = rest[1..close];
            portText = rest[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{input}' is not an endpoint: '{host}' in brackets is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon < 0 && listenDefaultHost is not null)
            {
                host = listenDefaultHost;
                portText = rest;
            }
            else if (colon < 0)
            {
                error = $"'{input}' is not an endpoint: {Expected}";
                return false;
            }
            else
            {
                host = rest[..colon];
                portText = rest[(colon + 1)..];
                if (host.Contains(':', StringComparison.Ordinal))
                {
                    error = $"'{input}' is not an endpoint: an IPv6 address needs brackets, as in [{host}]:{portText}";
                    return false;
                }

                if (host.Length == 0 && listenDefaultHost is not null)
                {
                    host = listenDefaultHost;
                }
            }
        }

        if (host.Length == 0)
        {
            error = $"'{input}' is not an endpoint: the host is missing before ':{portText}'";
            return false;
        }

        if (CheckHost(host) is { } hostProblem)
        {
            error = $"'{input}' is not an endpoint: {hostProblem}";
            return false;
        }

        if (!TryParsePort(input, portText, kind, out var port, out error, out unknownService))
        {
            return false;
        }

        endPoint = new NetEndPoint(kind, host, port, null);
        return true;
    }

    private static bool TryParsePort(
        string input, string portText, TransportKind kind, out int port, [NotNullWhen(false)] out string? error, out bool unknownService)
    {
        port = 0;
        unknownService = false;
        if (portText.Length == 0)
        {
            error = $"'{input}' is not an endpoint: the port is missing after the host";
            return false;
        }

        if (char.IsAsciiLetter(portText[0]))
        {
            var protocol = kind == TransportKind.Udp ? "udp" : "tcp";
            if (ServiceDatabase.System.TryGetPort(portText, protocol, out port))
            {
                error = null;
                return true;
            }

            unknownService = true;
            error = $"unknown service '{portText}' for {protocol} in '{input}': not in the services database (use a port number)";
            return false;
        }

        if (!portText.All(char.IsAsciiDigit))
        {
            error = $"'{input}' is not an endpoint: '{portText}' is not a port number or service name";
            return false;
        }

        if (portText.Length > 5 || (port = int.Parse(portText, NumberStyles.None, CultureInfo.InvariantCulture)) > 65535)
        {
            port = 0;
            error = $"'{input}' is not an endpoint: port {portText} is out of range 0-65535";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryGetKind(string scheme, out TransportKind kind)
    {
        switch (scheme.ToLowerInvariant())
        {
            case "tcp": kind = TransportKind.Tcp; return true;
            case "udp": kind = TransportKind.Udp; return true;
            case "unix": kind = TransportKind.Unix; return true;
            case "unixgram": kind = TransportKind.UnixDatagram; return true;
            default: kind = default; return false;
        }
    }

    private static Exception Failure(string error, bool unknownService) =>
        unknownService ? new UnknownServiceException(error) : new FormatException(error);
}
