using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Netwright.Tls;

namespace Netwright.Testing;

/// <summary>
/// Certificates made at test time (never committed keys): a test CA, a server certificate it signed for
/// localhost, 127.0.0.1 and ::1, a client certificate it signed, and a second CA nobody trusts. Made once per
/// test process; ECDSA P-256 keys take a millisecond.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<Set> s_set = new(Create);

    /// <summary>Gets the test CA (certificate and key).</summary>
    public static X509Certificate2 Authority => s_set.Value.Authority;

    /// <summary>Gets a server certificate for localhost, 127.0.0.1 and ::1 signed by <see cref="Authority"/>.</summary>
    public static X509Certificate2 Server => s_set.Value.Server;

    /// <summary>Gets a second server certificate, for the name <c>other.test</c>, signed by <see cref="Authority"/> (SNI tests).</summary>
    public static X509Certificate2 OtherServer => s_set.Value.OtherServer;

    /// <summary>Gets a client certificate (CN=test-client) signed by <see cref="Authority"/>.</summary>
    public static X509Certificate2 Client => s_set.Value.Client;

    /// <summary>Gets a client certificate signed by a CA that nothing trusts.</summary>
    public static X509Certificate2 StrangerClient => s_set.Value.StrangerClient;

    /// <summary>Gets server options presenting <see cref="Server"/>.</summary>
    /// <returns>Fresh options.</returns>
    public static TlsServerOptions ServerOptions() => new() { Certificate = Server };

    /// <summary>Gets client options trusting <see cref="Authority"/>.</summary>
    /// <returns>Fresh options.</returns>
    public static TlsClientOptions ClientOptions()
    {
        var options = new TlsClientOptions();
        options.TrustedAuthorities.Add(Authority);
        return options;
    }

    /// <summary>Writes the CA, the server and the client certificate with their keys as PEM files into <paramref name="directory"/>.</summary>
    /// <param name="directory">An existing private directory.</param>
    /// <returns>The paths: ca.pem, server.pem, server.key, client.pem, client.key.</returns>
    public static PemFiles WritePem(string directory)
    {
        var files = new PemFiles(
            Path.Combine(directory, "ca.pem"),
            Path.Combine(directory, "server.pem"),
            Path.Combine(directory, "server.key"),
            Path.Combine(directory, "client.pem"),
            Path.Combine(directory, "client.key"));
        File.WriteAllText(files.Authority, Authority.ExportCertificatePem());
        File.WriteAllText(files.ServerCertificate, Server.ExportCertificatePem());
        File.WriteAllText(files.ServerKey, Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(files.ClientCertificate, Client.ExportCertificatePem());
        File.WriteAllText(files.ClientKey, Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return files;
    }

    private static Set Create()
    {
        var authority = CreateAuthority("CN=Netwright Test CA");
        var stranger = CreateAuthority("CN=Stranger CA");
        return new Set(
            authority,
            Issue(authority, "CN=localhost", serverAuth: true, ["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]),
            Issue(authority, "CN=other.test", serverAuth: true, ["other.test"], []),
            Issue(authority, "CN=test-client", serverAuth: false, [], []),
            Issue(stranger, "CN=stranger-client", serverAuth: false, [], []));
    }

    private static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, bool serverAuth, string[] names, IPAddress[] addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usage = serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names.Length + addresses.Length > 0)
        {
            var alternative = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                alternative.AddDnsName(name);
            }

            foreach (var address in addresses)
            {
                alternative.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(alternative.Build());
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>PEM file paths written by <see cref="WritePem"/>.</summary>
    public sealed record PemFiles(string Authority, string ServerCertificate, string ServerKey, string ClientCertificate, string ClientKey);

    private sealed record Set(X509Certificate2 Authority, X509Certificate2 Server, X509Certificate2 OtherServer, X509Certificate2 Client, X509Certificate2 StrangerClient);
}
