using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Netwright.Tls.Internal;

/// <summary>
/// A client's check of one server certificate: pinning, no check (insecure), or the chain and name against
/// the CA file or the system store. Remembers why it refused, so the error can say it in words.
/// </summary>
internal sealed class TlsServerCheck(TlsClientOptions options, string name)
{
    /// <summary>Gets why the certificate was refused, or null if it was not.</summary>
    public string? Rejection { get; private set; }

    public SslClientAuthenticationOptions CreateAuthenticationOptions()
    {
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = name,
            EnabledSslProtocols = options.Protocols,
            RemoteCertificateValidationCallback = Validate,
            // Revocation lists and OCSP would reach the network from every connect; browsers do not hard-fail on them either.
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (options.TrustedAuthorities.Count > 0)
        {
            authentication.CertificateChainPolicy = TlsChainPolicy.Trusting(options.TrustedAuthorities);
        }

        if (options.ApplicationProtocols.Count > 0)
        {
            authentication.ApplicationProtocols = options.ApplicationProtocols.Select(p => new SslApplicationProtocol(p)).ToList();
        }

        if (options.ClientCertificate is { } certificate)
        {
            authentication.ClientCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true);
        }

        return authentication;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.Insecure)
        {
            return true;
        }

        if (certificate is null)
        {
            Rejection = "the server sent no certificate";
            return false;
        }

        var x509 = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (options.PinnedFingerprints.Count > 0)
        {
            var fingerprint = TlsCertificates.Fingerprint(x509);
            if (options.PinnedFingerprints.Any(pin => TlsCertificates.NormalizeFingerprint(pin) == fingerprint))
            {
                return true;
            }

            Rejection = $"the server's certificate ({x509.Subject}, SHA-256 {fingerprint}) is not the pinned one";
            return false;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        Rejection = Explain(x509, chain, errors);
        return false;
    }

    private string Explain(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            reasons.Add($"it is for '{names}', not '{name}'");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList() ?? [];
            reasons.Add(statuses.Count == 0 ? "its chain does not verify" : string.Join(", ", statuses.Select(Describe)));
        }

        return $"the server's certificate ({certificate.Subject}, issued by {certificate.Issuer}) did not verify: {string.Join("; ", reasons)}";
    }

    private static string Describe(X509ChainStatusFlags status) => status switch
    {
        X509ChainStatusFlags.UntrustedRoot => "its issuer is not trusted (a self-signed certificate, or an authority not in the trusted set)",
        X509ChainStatusFlags.PartialChain => "its issuer is not trusted (an authority not in the trusted set)",
        X509ChainStatusFlags.NotTimeValid => "it has expired or is not valid yet",
        X509ChainStatusFlags.NotValidForUsage => "it is not meant for TLS servers",
        _ => status.ToString(),
    };
}
