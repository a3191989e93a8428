using System.Text.RegularExpressions;
using Netwright.Cli.Tests.Support;
using Netwright.Testing;

namespace Netwright.Cli.Tests;

/// <summary><c>serve --tls</c> with each way of getting a certificate, and <c>connect</c>/<c>info</c> with <c>tls://</c>: replies, certificate checks and exit codes.</summary>
public sealed class TlsCommandTests : IDisposable
{
    private const string Stamp = @"\[\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\]";
    private readonly LoopbackDirectory _directory = new();
    private readonly TestCertificates.PemFiles _pem;

    public TlsCommandTests() => _pem = TestCertificates.WritePem(_directory.Path);

    [Fact]
    public async Task SelfSignedServerPrintsAFingerprintThatConnectCanPin()
    {
        await using var serve = await ServeHost.StartAsync("timestamp", "--tls", "127.0.0.1:0", "--tls-self-signed");
        var fingerprint = Regex.Match(serve.Error.ToString(), "SHA-256 fingerprint ([0-9A-F:]{95})").Groups[1].Value;

        var pinned = await CliRunner.RunAsync(["connect", serve.TlsEndPoints[0], "--pin", fingerprint], "hello\n");
        var unpinned = await CliRunner.RunAsync(["connect", serve.TlsEndPoints[0]], "hello\n");

        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Matches($@"^{Stamp} hello\n$", pinned.Out);
        Assert.True(unpinned.ExitCode == 11, unpinned.ToString());
        var line = Assert.Single(unpinned.ErrorLines);
        Assert.Contains("did not verify", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PemCertificateServesClientsThatTrustItsCa()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey, "--style", "event");

        var result = await CliRunner.RunAsync(["connect", serve.TlsEndPoints[0], "--ca", _pem.Authority], "one\ntwo\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("one\ntwo\n", result.Out);
    }

    [Fact]
    public async Task PfxWithPasswordFileIsLoaded()
    {
        var pfx = Path.Combine(_directory.Path, "server.pfx");
        var passwordFile = Path.Combine(_directory.Path, "password.txt");
        File.WriteAllBytes(pfx, TestCertificates.Server.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "s3cret"));
        File.WriteAllText(passwordFile, "s3cret\n");
        await using var serve = await ServeHost.StartAsync("echo", "--tls", "127.0.0.1:0", "--tls-cert", pfx, "--tls-password-file", passwordFile);

        var result = await CliRunner.RunAsync(["connect", serve.TlsEndPoints[0], "--ca", _pem.Authority, "--servername", "localhost"], "pfx\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("pfx\n", result.Out);
    }

    [Fact]
    public async Task ClientCaRequiresAClientCertificate()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey, "--tls-client-ca", _pem.Authority);

        var with = await CliRunner.RunAsync(["connect", serve.TlsEndPoints[0], "--ca", _pem.Authority, "--cert", _pem.ClientCertificate, "--key", _pem.ClientKey], "mutual\n");
        var without = await CliRunner.RunAsync(["connect", serve.TlsEndPoints[0], "--ca", _pem.Authority], "mutual\n");

        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.Equal("mutual\n", with.Out);
        Assert.Equal(string.Empty, without.Out);
        await serve.Error.WaitForLineAsync("TLS handshake failed.*certificate", CliRunner.Timeout);
    }

    [Fact]
    public async Task TlsToAPlainPortExitsWithTheHandshakeCode()
    {
        await using var serve = await ServeHost.StartAsync("greet", "--tcp", "127.0.0.1:0");
        var port = serve.EndPoints[0].Port;

        var result = await CliRunner.RunAsync(["connect", $"tls://127.0.0.1:{port}", "--insecure"], "");

        Assert.True(result.ExitCode == 10, result.ToString());
        Assert.Contains("does not speak TLS", result.ErrorLines[^1], StringComparison.Ordinal);
        Assert.Contains("WARNING: --insecure", result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainTextToATlsPortIsLoggedByServe()
    {
        await using var serve = await ServeHost.StartAsync("timestamp", "--tls", "127.0.0.1:0", "--tls-self-signed");

        await CliRunner.RunAsync(["connect", serve.TlsEndPoints[0].Replace("tls://", "tcp://", StringComparison.Ordinal)], "hello\n");

        await serve.Error.WaitForLineAsync("TLS handshake failed .*does not speak TLS; it sent plain text \"hello", CliRunner.Timeout);
    }

    [Fact]
    public async Task InfoShowsTheAgreedProtocolAndTheCertificate()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey);

        var result = await CliRunner.RunAsync("info", serve.TlsEndPoints[0], "--ca", _pem.Authority);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"protocol\s+TLS 1\.[23]", result.Out);
        Assert.Matches(@"cipher suite\s+TLS_\w+", result.Out);
        Assert.Matches(@"subject\s+CN=localhost", result.Out);
        Assert.Matches(@"issuer\s+CN=Netwright Test CA", result.Out);
        Assert.Contains(Netwright.Tls.TlsCertificates.Fingerprint(TestCertificates.Server), result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavedSelfSignedCertificateIsReusedOnTheNextRun()
    {
        var save = Path.Combine(_directory.Path, "saved");
        string first;
        await using (var serve = await ServeHost.StartAsync("echo", "--tls", "127.0.0.1:0", "--tls-self-signed", "--tls-save", save))
        {
            first = Regex.Match(serve.Error.ToString(), "fingerprint ([0-9A-F:]{95})").Groups[1].Value;
        }

        await using var again = await ServeHost.StartAsync("echo", "--tls", "127.0.0.1:0", "--tls-self-signed", "--tls-save", save);

        Assert.Contains($"fingerprint {first}", again.Error.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(save, "key.pem")));
    }

    [Theory]
    [InlineData("pingpong")]
    [InlineData("stream")]
    [InlineData("hold")]
    [InlineData("connect")]
    public async Task BenchRunsEveryStreamModeOverTlsWithEveryEchoVerified(string mode)
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey, "--quiet");

        var result = await CliRunner.RunAsync("bench", serve.TlsEndPoints[0], "--ca", _pem.Authority, "--mode", mode, "-c", "2", "-s", "100", "-d", "0.3", "--warmup", "0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"bench {mode} tls://127.0.0.1:", result.Out, StringComparison.Ordinal);
        Assert.Contains("mismatch 0", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "echo", "--tls", "0")]
    [InlineData("serve", "echo", "--tls-self-signed")]
    [InlineData("connect", "tcp://127.0.0.1:1", "--ca", "ca.pem")]
    [InlineData("connect", "tls://127.0.0.1:1", "--pin", "not-hex")]
    public async Task InconsistentTlsOptionsAreUsageErrors(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(result.ErrorLines);
    }

    public void Dispose() => _directory.Dispose();
}
