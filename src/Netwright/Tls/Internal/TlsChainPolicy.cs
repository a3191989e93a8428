using System.Security.Cryptography.X509Certificates;

namespace Netwright.Tls.Internal;

/// <summary>Chain policies for certificates checked against our own authorities (a CA file) instead of the system store.</summary>
internal static class TlsChainPolicy
{
    public static X509ChainPolicy Trusting(X509Certificate2Collection authorities)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // Test and private CAs publish no revocation lists; checking would fail or reach the network.
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }
}
