using System.CommandLine;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve;

/// <summary>The TLS options of <c>serve</c>: TLS listeners and where their certificate comes from.</summary>
internal sealed class ServeTlsOptions
{
    private readonly Option<string[]> _tls = new("--tls")
    {
        Description = "Listen on TCP with TLS at [HOST:]PORT (repeatable); needs --tls-cert or --tls-self-signed",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    private readonly Option<string?> _cert = new("--tls-cert") { Description = "TLS certificate: a PEM file (with --tls-key) or a .pfx/.p12 file" };
    private readonly Option<string?> _key = new("--tls-key") { Description = "TLS private key, PEM (for a PEM --tls-cert)" };
    private readonly Option<string?> _passwordFile = new("--tls-password-file") { Description = "File holding the password of a .pfx --tls-cert" };
    private readonly Option<bool> _selfSigned = new("--tls-self-signed") { Description = "Make an ECDSA P-256 certificate for the bound names at start-up and print its SHA-256 fingerprint (clients: --pin)" };
    private readonly Option<string?> _save = new("--tls-save") { Description = "With --tls-self-signed: keep the certificate in DIR (cert.pem, key.pem) and reuse it on the next run" };
    private readonly Option<string?> _clientCa = new("--tls-client-ca") { Description = "Require client certificates signed by an authority in this PEM file (mutual TLS)" };
    private readonly Option<double> _handshakeTimeout = new("--tls-handshake-timeout")
    {
        Description = "Seconds a client has to finish the TLS handshake",
        DefaultValueFactory = _ => new TlsServerOptions().HandshakeTimeout.TotalSeconds,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _tls, _cert, _key, _passwordFile, _selfSigned, _save, _clientCa, _handshakeTimeout })
        {
            command.Add(option);
        }
    }

    /// <summary>Checks the endpoint texts while parsing, so a bad one is a usage error.</summary>
    public void Validate(System.CommandLine.Parsing.CommandResult result)
    {
        foreach (var text in result.GetValue(_tls) ?? [])
        {
            try
            {
                NetEndPoint.ParseListen(text, TransportKind.Tcp);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or Errors.UnknownServiceException)
            {
                result.AddError($"--tls {ex.Message}");
            }
        }
    }

    /// <summary>Reads the TLS listeners and how to get their certificate; loading happens at start-up.</summary>
    /// <exception cref="ArgumentException">An inconsistent combination of options.</exception>
    public ServeTlsSettings? Read(ParseResult result)
    {
        var endpoints = (result.GetValue(_tls) ?? []).Select(text => NetEndPoint.ParseListen(text, TransportKind.Tcp)).ToList();
        var cert = result.GetValue(_cert);
        var key = result.GetValue(_key);
        var selfSigned = result.GetValue(_selfSigned);
        var save = result.GetValue(_save);
        var clientCa = result.GetValue(_clientCa);
        var passwordFile = result.GetValue(_passwordFile);
        var timeout = result.GetValue(_handshakeTimeout);
        if (endpoints.Count == 0)
        {
            Require(cert is null && key is null && !selfSigned && save is null && clientCa is null && passwordFile is null, "the --tls-* options need at least one --tls [HOST:]PORT listener");
            return null;
        }

        Require(cert is not null ^ selfSigned, "--tls needs a certificate: --tls-cert FILE [--tls-key FILE] or --tls-self-signed");
        Require(save is null || selfSigned, "--tls-save goes with --tls-self-signed");
        Require(key is null || cert is not null, "--tls-key goes with --tls-cert");
        Require(passwordFile is null || cert is not null, "--tls-password-file goes with a .pfx --tls-cert");
        Require(timeout > 0 && double.IsFinite(timeout), "--tls-handshake-timeout must be a positive number of seconds");
        return new ServeTlsSettings(endpoints, cert, key, passwordFile, selfSigned, save, clientCa, TimeSpan.FromSeconds(timeout));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
