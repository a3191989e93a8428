using Netwright.Cli;
using Netwright.Testing;

namespace Netwright.LoadGen.Tests;

/// <summary>
/// The stream mode over TLS ends each connection with close_notify only once every byte sent has been echoed: SslStream's
/// shutdown (SSL_shutdown, which also reads) must not run beside the receive loop's decrypt: an OpenSSL object must not be
/// used from two threads at once (https://docs.openssl.org/3.0/man7/openssl-threads/).
/// </summary>
public sealed class BenchTlsStreamTests : IDisposable
{
    private readonly LoopbackDirectory _directory = new();
    private readonly TestCertificates.PemFiles _pem;

    public BenchTlsStreamTests() => _pem = TestCertificates.WritePem(_directory.Path);

    [Fact]
    public async Task StreamOverTlsSendsCloseNotifyOnlyOnceEveryEchoHasArrived()
    {
        // Every echo comes 20 ms late, so when the run stops each connection still has a window of echoes to come.
        await using var server = TestSlowTlsEchoServer.Start(TestCertificates.Server, TimeSpan.FromMilliseconds(20));

        var run = await BenchRunner.RunAsync(
            server.TlsEndpointText, "--mode", "stream", "-c", "4", "-s", "4096", "--window", "16384", "-d", "0.5", "-w", "0",
            "--ca", _pem.Authority, "--servername", "localhost", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.True(run.Json().GetProperty("ok").GetBoolean(), run.Out);
        Assert.Equal(0, server.EndsWithEchoesOwed);
        Assert.Equal(4, server.CleanEnds);
    }

    public void Dispose() => _directory.Dispose();
}
