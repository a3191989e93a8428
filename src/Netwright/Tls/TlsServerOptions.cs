using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Netwright.Tls;

/// <summary>
/// How a server side of TLS runs: its certificate (or one per server name), the protocol versions, ALPN,
/// client certificates and the handshake time limit.
/// </summary>
/// <remarks>
/// Load certificates with <see cref="TlsCertificates"/>. The options are read when a listener or an upgrade
/// first uses them; changing them afterwards has no effect on that listener.
/// </remarks>
public sealed class TlsServerOptions
{
    /// <summary>Gets or sets the certificate, with its private key, presented to clients that name no server or a name <see cref="CertificateSelector"/> does not know.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Gets the intermediate certificates sent after <see cref="Certificate"/> (the rest of a <c>fullchain.pem</c>); empty sends the certificate alone.</summary>
    public X509Certificate2Collection CertificateChain { get; } = [];

    /// <summary>
    /// Gets or sets a function that picks the certificate for the server name a client sent (SNI), or null to
    /// use <see cref="Certificate"/>. It receives null when the client sent no name. Called once per name:
    /// the result is cached for the listener's life.
    /// </summary>
    public Func<string?, X509Certificate2?>? CertificateSelector { get; set; }

    /// <summary>Gets or sets the TLS versions accepted. Default: TLS 1.2 and TLS 1.3.</summary>
    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Gets the application protocols offered through ALPN, most preferred first (for example <c>h2</c>, <c>http/1.1</c>); empty for no ALPN.</summary>
    public IList<string> ApplicationProtocols { get; } = new List<string>();

    /// <summary>Gets or sets whether clients must present a certificate that verifies against <see cref="ClientCertificateAuthorities"/> (mutual TLS). Default: false.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Gets the certificate authorities a client certificate must chain to; empty trusts the system store.</summary>
    public X509Certificate2Collection ClientCertificateAuthorities { get; } = [];

    /// <summary>Gets or sets how long a client has to finish the handshake before it is dropped. Default: 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private Internal.TlsServerAuthenticator? _authenticator;

    /// <summary>Gets the handshake settings built from these options on first use and shared by every handshake after.</summary>
    internal Internal.TlsServerAuthenticator Authenticator
    {
        get
        {
            if (Volatile.Read(ref _authenticator) is { } built)
            {
                return built;
            }

            Interlocked.CompareExchange(ref _authenticator, new Internal.TlsServerAuthenticator(this), null);
            return _authenticator!;
        }
    }

    internal void Validate()
    {
        if (Certificate is null && CertificateSelector is null)
        {
            throw new ArgumentException("TLS needs a certificate: set TlsServerOptions.Certificate or CertificateSelector");
        }

        if (Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"the certificate '{Certificate.Subject}' has no private key");
        }

        if (HandshakeTimeout <= TimeSpan.Zero && HandshakeTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "the handshake timeout must be positive (or infinite)");
        }
    }
}
