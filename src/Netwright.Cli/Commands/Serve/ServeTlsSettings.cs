using System.Net;
using System.Net.NetworkInformation;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve;

/// <summary>What <c>serve</c> was asked to do for TLS: its listeners and where the certificate comes from.</summary>
internal sealed record ServeTlsSettings(
    IReadOnlyList<NetEndPoint> Endpoints,
    string? CertificatePath,
    string? KeyPath,
    string? PasswordFile,
    bool SelfSigned,
    string? SaveDirectory,
    string? ClientAuthorityPath,
    TimeSpan HandshakeTimeout)
{
    /// <summary>Loads or makes the certificate and builds the server options, saying on <paramref name="log"/> where the certificate came from.</summary>
    /// <exception cref="ArgumentException">A file is missing or does not hold what it should.</exception>
    public TlsServerOptions CreateServerOptions(Action<string> log)
    {
        var options = new TlsServerOptions { HandshakeTimeout = HandshakeTimeout };
        if (SelfSigned)
        {
            options.Certificate = LoadOrMakeSelfSigned(log);
        }
        else
        {
            options.Certificate = Commands.TlsCertificateFiles.Load(CertificatePath!, KeyPath, PasswordFile, "--tls-cert");
            if (!CertificatePath!.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) && !CertificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                options.CertificateChain.AddRange(TlsCertificates.LoadPemChain(CertificatePath));
            }

            log($"TLS certificate {options.Certificate.Subject}, SHA-256 fingerprint {TlsCertificates.Fingerprint(options.Certificate)}");
        }

        if (ClientAuthorityPath is not null)
        {
            options.RequireClientCertificate = true;
            options.ClientCertificateAuthorities.AddRange(Commands.TlsCertificateFiles.LoadAuthorities(ClientAuthorityPath, "--tls-client-ca"));
        }

        return options;
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 LoadOrMakeSelfSigned(Action<string> log)
    {
        if (SaveDirectory is not null && File.Exists(Path.Combine(SaveDirectory, "cert.pem")) && File.Exists(Path.Combine(SaveDirectory, "key.pem")))
        {
            var saved = Commands.TlsCertificateFiles.Load(Path.Combine(SaveDirectory, "cert.pem"), Path.Combine(SaveDirectory, "key.pem"), null, "--tls-save");
            log($"TLS certificate (self-signed, from {SaveDirectory}) {saved.Subject}, SHA-256 fingerprint {TlsCertificates.Fingerprint(saved)}");
            return saved;
        }

        var names = Names();
        var made = TlsCertificates.CreateSelfSigned(names);
        if (SaveDirectory is not null)
        {
            TlsCertificates.SavePem(made, SaveDirectory);
        }

        log($"TLS certificate (self-signed for {string.Join(", ", names)}{(SaveDirectory is null ? "" : $", saved in {SaveDirectory}")}), SHA-256 fingerprint {TlsCertificates.Fingerprint(made)}");
        return made;
    }

    /// <summary>The names a self-signed certificate covers: localhost, the host names and addresses bound, and every local address for a wildcard bind.</summary>
    private List<string> Names()
    {
        var names = new List<string> { "localhost" };
        foreach (var endpoint in Endpoints)
        {
            if (IPAddress.TryParse(endpoint.Host, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            {
                names.Add(Dns.GetHostName());
                names.AddRange(NetworkInterface.GetAllNetworkInterfaces()
                    .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                    .Select(a => a.Address)
                    .Where(a => !a.IsIPv6LinkLocal)
                    .Select(a => a.ToString()));
            }
            else if (endpoint.Host is { Length: > 0 } host)
            {
                names.Add(host);
            }
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
