using Netwright.Errors;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Tls;

namespace Netwright.IntegrationTests.Tls;

/// <summary>What a TLS client accepts: a CA, a pinned fingerprint, nothing (insecure); and what a server offers: SNI, ALPN, mutual TLS.</summary>
public sealed class TlsClientOptionsTests : TlsFixture
{
    [Fact]
    public async Task PinnedFingerprintAcceptsASelfSignedServerAndAnyOtherIsRefused()
    {
        var selfSigned = TlsCertificates.CreateSelfSigned(["localhost", "127.0.0.1"]);
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Event, new TlsServerOptions { Certificate = selfSigned });

        var pinned = new TlsClientOptions();
        pinned.PinnedFingerprints.Add(TlsCertificates.Fingerprint(selfSigned).Replace(":", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Equal("pinned", await AskAsync(await ConnectTlsAsync(server, pinned), "pinned"));

        var wrong = new TlsClientOptions();
        wrong.PinnedFingerprints.Add(TlsCertificates.Fingerprint(TestCertificates.Server));
        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync(server, wrong));
        Assert.Equal(TlsFailure.CertificateRejected, error.Failure);
        Assert.Contains("not the pinned one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongServerNameIsRefusedUnlessInsecure()
    {
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, TestCertificates.ServerOptions());
        var wrongName = TestCertificates.ClientOptions();
        wrongName.ServerName = "elsewhere.test";

        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync(server, wrongName));
        Assert.Contains("not 'elsewhere.test'", error.Message, StringComparison.Ordinal);

        var insecure = new TlsClientOptions { Insecure = true, ServerName = "elsewhere.test" };
        Assert.Equal("anyway", await AskAsync(await ConnectTlsAsync(server, insecure), "anyway"));
    }

    [Fact]
    public async Task SniSelectsTheCertificateForTheNameTheClientAsksFor()
    {
        var tls = new TlsServerOptions
        {
            Certificate = TestCertificates.Server,
            CertificateSelector = name => name == "other.test" ? TestCertificates.OtherServer : null,
        };
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, tls);

        var other = TestCertificates.ClientOptions();
        other.ServerName = "other.test";
        var viaOther = await ConnectTlsAsync(server, other);
        var viaLocalhost = await ConnectTlsAsync(server, TestCertificates.ClientOptions());

        Assert.Equal(TestCertificates.OtherServer.Thumbprint, viaOther.RemoteCertificate?.Thumbprint);
        Assert.Equal(TestCertificates.Server.Thumbprint, viaLocalhost.RemoteCertificate?.Thumbprint);
    }

    [Fact]
    public async Task AlpnAgreesOnTheServersFirstChoiceTheClientOffers()
    {
        var tls = TestCertificates.ServerOptions();
        tls.ApplicationProtocols.Add("netwright/2");
        tls.ApplicationProtocols.Add("netwright/1");
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, tls);
        var options = TestCertificates.ClientOptions();
        options.ApplicationProtocols.Add("netwright/1");

        var connection = await ConnectTlsAsync(server, options);

        Assert.Equal("netwright/1", connection.ApplicationProtocol);
    }

    [Fact]
    public async Task MutualTlsShowsTheClientsCertificateToTheServer()
    {
        var tls = TestCertificates.ServerOptions();
        tls.RequireClientCertificate = true;
        tls.ClientCertificateAuthorities.Add(TestCertificates.Authority);
        var seen = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await StartAsync(
            Netwright.Servers.ConnectionHandler.Create(async (session, ct) =>
            {
                seen.TrySetResult((session.Connection as TlsConnection)?.RemoteCertificate?.Subject);
                await session.WriteLineAsync("welcome", ct);
            }),
            tls);
        var options = TestCertificates.ClientOptions();
        options.ClientCertificate = TestCertificates.Client;

        await using var session = new Netwright.Streams.StreamSession(await ConnectTlsAsync(server, options));

        Assert.Equal("welcome", await session.ReadLineAsync(Token));
        Assert.Equal("CN=test-client", await seen.Task.WaitAsync(Token));
    }

    [Fact]
    public async Task Tls12OnlyServerAndTls13OnlyClientFindNoCommonVersion()
    {
        var tls = TestCertificates.ServerOptions();
        tls.Protocols = System.Security.Authentication.SslProtocols.Tls12;
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, tls);
        var options = TestCertificates.ClientOptions();
        options.Protocols = System.Security.Authentication.SslProtocols.Tls13;

        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync(server, options));

        Assert.NotEqual(TlsFailure.CertificateRejected, error.Failure);
        var tls12 = TestCertificates.ClientOptions();
        tls12.Protocols = System.Security.Authentication.SslProtocols.Tls12;
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, (await ConnectTlsAsync(server, tls12)).Protocol);
    }
}
