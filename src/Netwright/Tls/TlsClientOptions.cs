using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Netwright.Tls;

/// <summary>
/// How a client side of TLS checks the server: trusted authorities or the system store, the name to check
/// (SNI), certificate pinning, or no checks at all; plus a client certificate and the handshake time limit.
/// </summary>
public sealed class TlsClientOptions
{
    /// <summary>Gets or sets the server name sent in SNI and checked against the certificate; null uses the host the connection was made to.</summary>
    public string? ServerName { get; set; }

    /// <summary>Gets the certificate authorities the server's certificate must chain to (a CA file); empty trusts the system store.</summary>
    public X509Certificate2Collection TrustedAuthorities { get; } = [];

    /// <summary>
    /// Gets the SHA-256 fingerprints (hex, colons optional) of certificates to accept. When any are given,
    /// a server is accepted exactly when its certificate's fingerprint is one of them, whoever signed it:
    /// this is how a client trusts a self-signed server certificate.
    /// </summary>
    public IList<string> PinnedFingerprints { get; } = new List<string>();

    /// <summary>
    /// Gets or sets whether the server's certificate is accepted without any check. This makes the
    /// connection open to anyone in the middle; use it only to test. Default: false.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>Gets or sets the certificate, with its private key, presented when the server asks for one (mutual TLS).</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Gets or sets the TLS versions offered. Default: TLS 1.2 and TLS 1.3.</summary>
    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Gets the application protocols offered through ALPN, most preferred first; empty for no ALPN.</summary>
    public IList<string> ApplicationProtocols { get; } = new List<string>();

    /// <summary>Gets or sets how long the handshake may take. Default: 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Builds the <see cref="System.Net.Security.SslStream"/> settings these options stand for, for code that runs its own
    /// SslStream (a load generator, say): the same checks (pinning, the trusted authorities or the system store,
    /// the name, or none), the versions, ALPN and the client certificate.
    /// </summary>
    /// <param name="host">The name to send in SNI and check, unless <see cref="ServerName"/> is set.</param>
    /// <returns>New settings; use each for one handshake.</returns>
    public System.Net.Security.SslClientAuthenticationOptions CreateAuthenticationOptions(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new Internal.TlsServerCheck(this, ServerName ?? host).CreateAuthenticationOptions();
    }
}
