using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Netwright.Tls;

/// <summary>Loads, makes and describes the certificates TLS uses: PEM and PKCS#12 files, self-signed certificates, SHA-256 fingerprints.</summary>
public static class TlsCertificates
{
    /// <summary>Loads a certificate and its private key from PEM files.</summary>
    /// <param name="certificatePath">The certificate; further certificates in the file (a full chain) are ignored here, see <see cref="LoadPemChain"/>.</param>
    /// <param name="keyPath">The private key (PKCS#8, RSA or EC, unencrypted); null when the key is in the certificate file.</param>
    /// <returns>The certificate with its key.</returns>
    /// <exception cref="CryptographicException">A file does not hold a certificate or a matching key.</exception>
    public static X509Certificate2 LoadPem(string certificatePath, string? keyPath = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    /// <summary>Loads every certificate after the first in a PEM file: the intermediates of a full chain.</summary>
    /// <param name="certificatePath">The PEM file.</param>
    /// <returns>The intermediates; empty when the file holds one certificate.</returns>
    public static X509Certificate2Collection LoadPemChain(string certificatePath)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        return chain;
    }

    /// <summary>Loads every certificate in a PEM file, for a CA file.</summary>
    /// <param name="path">The PEM file.</param>
    /// <returns>The certificates.</returns>
    /// <exception cref="CryptographicException">The file holds no certificate.</exception>
    public static X509Certificate2Collection LoadAuthorities(string path)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(path);
        if (all.Count == 0)
        {
            throw new CryptographicException($"{path} holds no PEM certificate");
        }

        return all;
    }

    /// <summary>Loads a certificate and its key from a PKCS#12 (.pfx/.p12) file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="password">Its password; null for none.</param>
    /// <returns>The certificate with its key.</returns>
    /// <exception cref="CryptographicException">The file is not PKCS#12 or the password is wrong.</exception>
    public static X509Certificate2 LoadPfx(string path, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    /// <summary>Makes a self-signed ECDSA P-256 certificate valid for the given host names and addresses, from a day ago for one year.</summary>
    /// <param name="names">Host names and IP addresses for the subject alternative names; the first is also the subject's CN.</param>
    /// <returns>The certificate with its private key.</returns>
    public static X509Certificate2 CreateSelfSigned(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (list.Count == 0)
        {
            list.Add("localhost");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={list[0]}"), key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in list)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>Writes a certificate and its private key as PEM files (<c>cert.pem</c>, and <c>key.pem</c> readable only by the owner on Unix).</summary>
    /// <param name="certificate">The certificate, with an exportable ECDSA or RSA key.</param>
    /// <param name="directory">Where; created if missing.</param>
    /// <returns>The certificate file's and the key file's paths.</returns>
    public static (string CertificatePath, string KeyPath) SavePem(X509Certificate2 certificate, string directory)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("the certificate has no ECDSA or RSA private key", nameof(certificate));
        using (key)
        {
            var keyText = key.ExportPkcs8PrivateKeyPem();
            if (OperatingSystem.IsWindows())
            {
                File.WriteAllText(keyPath, keyText, Encoding.ASCII);
            }
            else
            {
                // The key file is created private, never readable by others even for a moment.
                var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
                using var stream = new FileStream(keyPath, options);
                stream.Write(Encoding.ASCII.GetBytes(keyText));
            }
        }

        File.WriteAllText(certificatePath, certificate.ExportCertificatePem(), Encoding.ASCII);
        return (certificatePath, keyPath);
    }

    /// <summary>Gets a certificate's SHA-256 fingerprint as colon-separated upper-case hex (<c>openssl x509 -fingerprint -sha256</c>'s form).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>For example <c>3A:5F:…</c> (95 characters).</returns>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Puts a fingerprint in the form <see cref="Fingerprint"/> writes, so pins compare whatever their case and separators.</summary>
    /// <param name="fingerprint">Hex digits, with or without colons or spaces.</param>
    /// <returns>The normalized fingerprint.</returns>
    /// <exception cref="FormatException">The text is not 32 bytes of hex.</exception>
    public static string NormalizeFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var hex = new string(fingerprint.Where(c => c is not (':' or ' ' or '-')).ToArray());
        if (hex.StartsWith("sha256/", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[7..];
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{fingerprint}' is not a SHA-256 fingerprint (64 hex digits, colons optional)");
        }

        if (bytes.Length != 32)
        {
            throw new FormatException($"'{fingerprint}' is not a SHA-256 fingerprint (64 hex digits, colons optional)");
        }

        return string.Join(':', bytes.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
