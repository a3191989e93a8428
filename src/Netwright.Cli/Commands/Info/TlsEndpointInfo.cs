using System.Diagnostics;
using System.Globalization;
using Netwright.Clients;
using Netwright.Errors;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Info;

/// <summary>
/// <c>netwright info tls://HOST:PORT</c>: connects, runs the TLS handshake and prints what was agreed (protocol,
/// cipher suite, ALPN) and the server's certificate (subject, issuer, names, validity, SHA-256 fingerprint).
/// </summary>
internal static class TlsEndpointInfo
{
    public static async Task<int> RunAsync(CliConsole console, NetEndPoint endpoint, TlsClientOptions options, TimeSpan timeout, bool json, CancellationToken cancellationToken)
    {
        options.HandshakeTimeout = timeout;
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await NetClient.ConnectTlsAsync(endpoint, options, timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var elapsed = stopwatch.Elapsed;
        var certificate = connection.RemoteCertificate;
        var report = new TlsReport(
            TlsClientFlags.Scheme + endpoint.ToString()["tcp://".Length..],
            NetEndPoint.Format(connection.LocalEndPoint),
            NetEndPoint.Format(connection.RemoteEndPoint),
            Math.Round(elapsed.TotalMilliseconds, 3),
            Describe(connection.Protocol),
            connection.CipherSuite.ToString(),
            connection.ApplicationProtocol,
            connection.ServerName,
            certificate?.Subject,
            certificate?.Issuer,
            certificate?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, forIssuer: false),
            certificate?.NotBefore.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture),
            certificate?.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture),
            certificate is null ? null : TlsCertificates.Fingerprint(certificate),
            options.Insecure ? "not checked (--insecure)" : options.PinnedFingerprints.Count > 0 ? "pinned fingerprint" : options.TrustedAuthorities.Count > 0 ? "chain to --ca and name" : "chain to the system store and name");
        if (json)
        {
            await InfoJson.WriteAsync(console.Out, report).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        TextTable.KeyValue()
            .Add("endpoint", report.Endpoint)
            .Add("local address", $"{report.LocalAddress}  (getsockname)")
            .Add("peer address", $"{report.PeerAddress}  (getpeername)")
            .Add("connect + handshake", $"{elapsed.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture)} ms")
            .Add("protocol", report.Protocol)
            .Add("cipher suite", report.CipherSuite)
            .Add("ALPN", report.ApplicationProtocol ?? "none")
            .Add("server name checked", report.ServerName ?? "none")
            .Add("verified by", report.Verification)
            .WriteTo(console.Out);
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        TextTable.KeyValue()
            .Add("subject", report.Subject ?? "none sent")
            .Add("issuer", report.Issuer ?? "-")
            .Add("name", report.Name ?? "-")
            .Add("valid from", report.ValidFrom ?? "-")
            .Add("valid until", report.ValidUntil ?? "-")
            .Add("SHA-256 fingerprint", report.Fingerprint ?? "-")
            .WriteTo(console.Out);
        return ExitCodes.Success;
    }

    private static string Describe(System.Security.Authentication.SslProtocols protocol) => protocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "TLS 1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };

    private sealed record TlsReport(
        string Endpoint,
        string LocalAddress,
        string PeerAddress,
        double ConnectMilliseconds,
        string Protocol,
        string CipherSuite,
        string? ApplicationProtocol,
        string? ServerName,
        string? Subject,
        string? Issuer,
        string? Name,
        string? ValidFrom,
        string? ValidUntil,
        string? Fingerprint,
        string Verification);
}
