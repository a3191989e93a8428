using System.Net.Security;
using System.Security.Authentication;
using Netwright.HostileTests.Infrastructure;

namespace Netwright.HostileTests.Attacks;

/// <summary>
/// The TLS cases: bad handshakes on the TLS listener, TLS sent to the plain one, and a few of the line attacks
/// repeated inside a TLS session (the TLS layer sits under both styles, so what reaches the service is the same).
/// </summary>
internal static class TlsAttacks
{
    private static readonly string[] RepeatedOverTls = ["invalid-utf8", "binary-garbage", "line-one-byte-over", "line-1-mib", "partial-line-then-silence", "pipelined-newline-flood"];

    public static IEnumerable<HostileAttack> All =>
    [
        new("tls-plaintext-to-tls-port", "the handshake fails and the connection is closed; nothing reaches the service", AttackTransport.Tls, PlaintextToTlsAsync),
        new("tls-garbage-clienthello", "the handshake fails and the connection is closed", AttackTransport.Tls, GarbageClientHelloAsync),
        new("tls-handshake-never-finishes-200", "held until the handshake timeout, then closed", AttackTransport.Tls, StalledHandshakesAsync),
        new("tls-certificate-does-not-verify-50", "the client refuses the self-signed certificate and aborts; the server closes its side", AttackTransport.Tls, DistrustingClientsAsync),
        new("tls-connect-then-reset-500", "nothing; the half-made session is dropped", AttackTransport.Tls, context => ResetLoopAsync(context)),
        new("tls-to-plaintext-port", "the service treats the ClientHello as bytes (line services: error or answer lines, echo: back) and the client's handshake fails", AttackTransport.Tcp, TlsToPlaintextAsync),
    ];

    public static IEnumerable<HostileAttack> LineAttacksOverTls =>
        RepeatedOverTls.Select(name => AttackCatalog.Plain.Single(attack => attack.Name == name) with { Name = "tls-" + name, Transport = AttackTransport.Tls });

    private static async Task PlaintextToTlsAsync(AttackContext context)
    {
        await using var client = await HostileClient.ConnectAsync(context.Server.Tls, context.Token);
        await Treatments.SendUnlessClosedAsync(client, "GET / HTTP/1.0\r\n\r\nhello\n"u8.ToArray(), context.Token);
        await context.HoldAsync();
        await ExpectNoServiceAnswerAsync(client, context);
    }

    private static async Task GarbageClientHelloAsync(AttackContext context)
    {
        await using var client = await HostileClient.ConnectAsync(context.Server.Tls, context.Token);
        var hello = new byte[600];
        context.Random.NextBytes(hello);
        (hello[0], hello[1], hello[2], hello[3], hello[4], hello[5]) = (0x16, 0x03, 0x01, 0x02, 0x53, 0x01);
        await Treatments.SendUnlessClosedAsync(client, hello, context.Token);
        await context.HoldAsync();
        await ExpectNoServiceAnswerAsync(client, context);
    }

    private static async Task StalledHandshakesAsync(AttackContext context)
    {
        await ConnectionAttacks.ManyAsync(
            context,
            200,
            before: client => Treatments.SendUnlessClosedAsync(client, [0x16, 0x03, 0x01, 0x02], context.Token),
            each: _ => Task.CompletedTask,
            endpoint: context.Server.Tls);
    }

    private static async Task DistrustingClientsAsync(AttackContext context)
    {
        await context.LoopDuringHoldAsync(workers: 4, minimumRounds: 50, async () =>
        {
            await using var plain = await HostileClient.ConnectAsync(context.Server.Tls, context.Token);
            await using var tls = new SslStream(plain.Stream);
            try
            {
                // No validation callback: the system store does not trust a self-signed certificate.
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, context.Token);
                throw new InvalidDataException("a self-signed certificate verified against the system store");
            }
            catch (AuthenticationException)
            {
                // The expected refusal.
            }
        });
    }

    private static async Task ResetLoopAsync(AttackContext context) =>
        await context.LoopDuringHoldAsync(workers: 8, minimumRounds: 500, async () =>
        {
            var client = await HostileClient.ConnectAsync(context.Server.Tls, context.Token);
            client.Reset();
            await client.DisposeAsync();
        });

    private static async Task TlsToPlaintextAsync(AttackContext context)
    {
        await using var plain = await HostileClient.ConnectAsync(context.Server.Tcp, context.Token);
        await using var tls = new SslStream(plain.Stream);
        var handshake = tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == context.Server.Fingerprint },
            context.Token);
        await context.HoldAsync();
        try
        {
            await handshake;
            throw new InvalidDataException("a TLS handshake succeeded against the plain listener");
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // The expected failure: what came back was not TLS.
        }
    }

    private static async Task ExpectNoServiceAnswerAsync(HostileClient client, AttackContext context)
    {
        var (kept, _, _) = await client.ReadToEndAsync(context.Token);
        if (kept.Length > 0 && kept[0] != 0x15)
        {
            throw new InvalidDataException($"expected a close (or a TLS alert), got '{Treatments.Show(kept)}'");
        }
    }
}
