using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Netwright.Tls;

namespace Netwright.Cli.Commands;

/// <summary>Loads the certificate files named on the command line, turning every failure into a usage error that names the option and the file.</summary>
internal static class TlsCertificateFiles
{
    public static X509Certificate2 Load(string certificatePath, string? keyPath, string? passwordFile, string option)
    {
        Require(certificatePath, option);
        try
        {
            if (IsPkcs12(certificatePath))
            {
                var password = passwordFile is null ? null : File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
                return TlsCertificates.LoadPfx(certificatePath, password);
            }

            if (keyPath is not null)
            {
                Require(keyPath, "--key");
            }

            return TlsCertificates.LoadPem(certificatePath, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"{option} {certificatePath}: cannot load the certificate and its key: {ex.Message}", ex);
        }
    }

    public static X509Certificate2Collection LoadAuthorities(string path, string option)
    {
        Require(path, option);
        try
        {
            return TlsCertificates.LoadAuthorities(path);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"{option} {path}: {ex.Message}", ex);
        }
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static void Require(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{option} {path}: no such file");
        }
    }
}
