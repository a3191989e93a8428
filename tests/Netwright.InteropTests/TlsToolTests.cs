using System.Text.RegularExpressions;
using Netwright.InteropTests.Infrastructure;
using Netwright.Testing;
using TestTimeouts = Netwright.InteropTests.Infrastructure.TestTimeouts;

namespace Netwright.InteropTests;

/// <summary>
/// TLS against tools nobody here wrote: <c>openssl s_client</c>, <c>ncat --ssl</c> and <c>socat OPENSSL:</c> against
/// <c>netwright serve --tls</c>, and <c>netwright connect tls://</c> against <c>openssl s_server</c>. The
/// certificates are made at test time; every tool checks the server's certificate against the test CA.
/// </summary>
public sealed partial class TlsToolTests : IDisposable
{
    private readonly LoopbackDirectory _directory = new();
    private readonly TestCertificates.PemFiles _pem;

    public TlsToolTests() => _pem = TestCertificates.WritePem(_directory.Path);

    [ToolFact("openssl")]
    public async Task OpensslClientGetsTimestampsOverTls13AndTls12()
    {
        var (serve, endpoints) = await NetwrightCli.ServeAsync("timestamp", "event", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey);
        await using (serve)
        {
            var port = NetwrightCli.PortOf(endpoints[0]).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var version in new[] { "-tls1_3", "-tls1_2" })
            {
                await using var client = ChildProcess.Start("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", "-CAfile", _pem.Authority, "-verify_return_error", "-quiet", version]);
                await client.WriteInputAsync($"hello {version}\n");
                await client.WaitForOutputAsync(new Regex($@"\[\w{{3}} \w{{3}} [ \d]\d \d\d:\d\d:\d\d \d{{4}}\] hello {version}"), TestTimeouts.Exchange);
                client.Terminate();
            }
        }
    }

    [ToolFact("openssl")]
    public async Task OpensslClientWithACertificatePassesMutualTls()
    {
        var (serve, endpoints) = await NetwrightCli.ServeAsync("echo", "handler", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey, "--tls-client-ca", _pem.Authority);
        await using (serve)
        {
            var port = NetwrightCli.PortOf(endpoints[0]).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var client = ChildProcess.Start("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", _pem.Authority, "-verify_return_error", "-quiet", "-cert", _pem.ClientCertificate, "-key", _pem.ClientKey]);
            await client.WriteInputAsync("mutual\n");
            await client.WaitForOutputAsync(new Regex("^mutual$", RegexOptions.Multiline), TestTimeouts.Exchange);
            client.Terminate();
        }
    }

    [ToolFact("openssl")]
    public async Task NetwrightConnectTalksToOpensslServer()
    {
        // -rev answers each line reversed, so the reply proves a round trip through OpenSSL.
        await using var server = ChildProcess.Start("openssl", ["s_server", "-accept", "127.0.0.1:0", "-cert", _pem.ServerCertificate, "-key", _pem.ServerKey, "-rev"]);
        var port = (await server.WaitForOutputAsync(AcceptLine(), TestTimeouts.Startup)).Groups["port"].Value;

        await using var connect = NetwrightCli.Start("connect", $"tls://127.0.0.1:{port}", "--ca", _pem.Authority, "--servername", "localhost");
        await connect.WriteInputAsync("hello openssl\n");
        await connect.WaitForOutputAsync(new Regex("lssnepo olleh"), TestTimeouts.Exchange);
        connect.Terminate();
        await connect.WaitForExitAsync(TestTimeouts.Exchange);
        Assert.DoesNotContain("netwright:", connect.Error, StringComparison.Ordinal);
    }

    [ToolFact("openssl")]
    public async Task NetwrightConnectRefusesAnOpensslServerItDoesNotTrust()
    {
        await using var server = ChildProcess.Start("openssl", ["s_server", "-accept", "127.0.0.1:0", "-cert", _pem.ServerCertificate, "-key", _pem.ServerKey, "-rev"]);
        var port = (await server.WaitForOutputAsync(AcceptLine(), TestTimeouts.Startup)).Groups["port"].Value;

        await using var connect = NetwrightCli.Start("connect", $"tls://127.0.0.1:{port}");
        connect.CloseInput();

        Assert.Equal(11, await connect.WaitForExitAsync(TestTimeouts.Exchange));
        Assert.Contains("did not verify", connect.Error, StringComparison.Ordinal);
    }

    [ToolFact("ncat")]
    public async Task NcatWithSslGetsTheEcho()
    {
        var (serve, endpoints) = await NetwrightCli.ServeAsync("echo", "event", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey);
        await using (serve)
        {
            var port = NetwrightCli.PortOf(endpoints[0]).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var client = ChildProcess.Start("ncat", ["--ssl", "--ssl-verify", "--ssl-trustfile", _pem.Authority, "localhost", port]);
            await client.WriteInputAsync("over ncat\n");
            await client.WaitForOutputAsync(new Regex("^over ncat$", RegexOptions.Multiline), TestTimeouts.Exchange);
            client.Terminate();
        }
    }

    [ToolFact("socat")]
    public async Task SocatOpensslAddressGetsTheEcho()
    {
        var (serve, endpoints) = await NetwrightCli.ServeAsync("echo", "handler", "--tls", "127.0.0.1:0", "--tls-cert", _pem.ServerCertificate, "--tls-key", _pem.ServerKey);
        await using (serve)
        {
            var port = NetwrightCli.PortOf(endpoints[0]).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var client = ChildProcess.Start("socat", ["-", $"OPENSSL:127.0.0.1:{port},cafile={_pem.Authority},commonname=localhost,verify=1"]);
            await client.WriteInputAsync("over socat\n");
            await client.WaitForOutputAsync(new Regex("^over socat$", RegexOptions.Multiline), TestTimeouts.Exchange);
            client.Terminate();
        }
    }

    public void Dispose() => _directory.Dispose();

    [GeneratedRegex(@"ACCEPT [^\s]*:(?<port>\d+)")]
    private static partial Regex AcceptLine();
}
