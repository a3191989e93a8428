using System.CommandLine;
using Netwright.Tls;

namespace Netwright.Cli.Commands;

/// <summary>The TLS client options shared by <c>connect</c>, <c>info</c> and <c>bench</c>, used with a <c>tls://HOST:PORT</c> endpoint.</summary>
internal sealed class TlsClientFlags
{
    /// <summary>The scheme that asks for TLS over TCP.</summary>
    public const string Scheme = "tls://";

    private readonly Option<string?> _ca = new("--ca") { Description = "TLS: trust the certificate authorities in this PEM file instead of the system store" };
    private readonly Option<bool> _insecure = new("--insecure", "-k") { Description = "TLS: do not check the server's certificate at all (testing only: anyone in the path can read the connection)" };
    private readonly Option<string?> _serverName = new("--servername") { Description = "TLS: the server name to send (SNI) and check, instead of the endpoint's host" };
    private readonly Option<string[]> _pin = new("--pin")
    {
        Description = "TLS: accept exactly the server certificate with this SHA-256 fingerprint (hex, colons optional; repeatable), whoever signed it",
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => [],
    };

    private readonly Option<string?> _cert = new("--cert") { Description = "TLS: a client certificate (PEM, or .pfx) to present when the server asks for one" };
    private readonly Option<string?> _key = new("--key") { Description = "TLS: the private key (PEM) of --cert" };

    /// <summary>Gets the help text line listing the options, for a command's examples.</summary>
    public static string HelpLine => "tls://HOST:PORT speaks TLS over TCP: --ca FILE, --insecure, --servername NAME, --pin SHA256, --cert FILE --key FILE.";

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _ca, _insecure, _serverName, _pin, _cert, _key })
        {
            command.Add(option);
        }
    }

    /// <summary>Splits <c>tls://HOST:PORT</c> into the TCP endpoint text; other texts are returned unchanged.</summary>
    /// <param name="text">What the user wrote.</param>
    /// <param name="endpoint">The endpoint to connect to (with <c>tcp://</c> for a TLS one).</param>
    /// <returns>Whether the text asked for TLS.</returns>
    public static bool TryStripScheme(string text, out string endpoint)
    {
        if (text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            endpoint = "tcp://" + text[Scheme.Length..];
            return true;
        }

        endpoint = text;
        return false;
    }

    /// <summary>Builds the client options when the endpoint asked for TLS; refuses TLS options without it.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="useTls">Whether the endpoint was <c>tls://</c>.</param>
    /// <param name="warnings">Where the loud warning for <c>--insecure</c> goes.</param>
    /// <returns>The options, or null without TLS.</returns>
    /// <exception cref="ArgumentException">A TLS option without a tls:// endpoint, or a bad value.</exception>
    public TlsClientOptions? Read(ParseResult result, bool useTls, TextWriter warnings)
    {
        var ca = result.GetValue(_ca);
        var pins = result.GetValue(_pin) ?? [];
        var cert = result.GetValue(_cert);
        var key = result.GetValue(_key);
        var serverName = result.GetValue(_serverName);
        var insecure = result.GetValue(_insecure);
        if (!useTls)
        {
            if (ca is not null || pins.Length > 0 || cert is not null || key is not null || serverName is not null || insecure)
            {
                throw new ArgumentException("--ca, --insecure, --servername, --pin, --cert and --key need a tls://HOST:PORT endpoint");
            }

            return null;
        }

        if (key is not null && cert is null)
        {
            throw new ArgumentException("--key needs --cert");
        }

        var options = new TlsClientOptions { ServerName = serverName, Insecure = insecure };
        foreach (var pin in pins)
        {
            options.PinnedFingerprints.Add(TlsCertificates.NormalizeFingerprint(pin));
        }

        if (ca is not null)
        {
            options.TrustedAuthorities.AddRange(TlsCertificateFiles.LoadAuthorities(ca, "--ca"));
        }

        if (cert is not null)
        {
            options.ClientCertificate = TlsCertificateFiles.Load(cert, key, passwordFile: null, "--cert");
        }

        if (insecure)
        {
            warnings.WriteLine("netwright: WARNING: --insecure: the server's certificate is not checked; anyone on the path can read and change this connection");
        }

        return options;
    }
}
