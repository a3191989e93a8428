namespace Netwright.Hosting;

/// <summary>A listener's TLS certificate, as files: a PEM certificate (chain) and key, or a PKCS#12 file with its password.</summary>
public sealed class ListenerTlsOptions
{
    /// <summary>Gets or sets the certificate file: PEM (<c>fullchain.pem</c>, with <see cref="Key"/>) or PKCS#12 (<c>.pfx</c>/<c>.p12</c>). Null for no TLS.</summary>
    public string? Certificate { get; set; }

    /// <summary>Gets or sets the PEM private key file; null when the key is inside <see cref="Certificate"/>.</summary>
    public string? Key { get; set; }

    /// <summary>Gets or sets the PKCS#12 file's password, if it has one.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets how long a handshake may take. Default: 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
