using System.Net.Sockets;
using Netwright.Errors;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Services;
using Netwright.Testing;
using Netwright.Tls;

namespace Netwright.IntegrationTests.Tls;

/// <summary>Peers that get TLS wrong: each gets one clear log line on the server, its connection closed, and no other client notices.</summary>
public sealed class TlsBadPeerTests : TlsFixture
{
    [Fact]
    public async Task PlainTextToATlsPortIsLoggedAsNotTlsAndOthersAreServed()
    {
        var server = await StartAsync(ServiceCatalog.Timestamp, ServiceStyle.Handler, TestCertificates.ServerOptions());
        var good = await ConnectTlsAsync(server);

        var plain = await ConnectSocketAsync(server);
        await plain.SendAsync("hello there\n"u8.ToArray(), Token).AsTask().WithTimeout();
        await WaitForCloseAsync(plain);

        var line = await WaitForHandshakeFailureAsync();
        Assert.Contains("does not speak TLS", line);
        Assert.Contains("plain text \"hello th", line);
        Assert.Equal($"[{LoopbackClock.DefaultCTime}] still here", await AskAsync(good, "still here"));
    }

    [Fact]
    public async Task GarbageClientHelloIsLoggedAsMalformed()
    {
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Event, TestCertificates.ServerOptions());
        var socket = await ConnectSocketAsync(server);
        // A handshake record header (type 22, TLS 1.0, 64 bytes) followed by noise instead of a ClientHello.
        var garbage = new byte[69];
        new Random(9).NextBytes(garbage);
        garbage[0] = 0x16;
        garbage[1] = 3;
        garbage[2] = 1;
        garbage[3] = 0;
        garbage[4] = 64;
        await socket.SendAsync(garbage, Token).AsTask().WithTimeout();
        await WaitForCloseAsync(socket);

        var line = await WaitForHandshakeFailureAsync();
        Assert.Contains("malformed or unacceptable handshake", line);
        Assert.Equal("ok", await AskAsync(await ConnectTlsAsync(server), "ok"));
    }

    [Fact]
    public async Task HandshakeThatNeverFinishesIsDroppedAtTheTimeout()
    {
        // The server's clock is fake: the silent peer's handshake runs out when the test says so, and a good client's
        // handshake on a busy machine can never run out by accident.
        var clock = new TestTimeProvider();
        var tls = TestCertificates.ServerOptions();
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, tls, serverClock: clock);
        var silent = await ConnectSocketAsync(server);
        while ((await clock.NextArmedTimerAsync(Token).WaitAsync(Timeouts.Step)).DueTime != tls.HandshakeTimeout)
        {
        }

        var good = await ConnectTlsAsync(server);
        clock.Advance(tls.HandshakeTimeout);
        await WaitForCloseAsync(silent);

        var line = await WaitForHandshakeFailureAsync();
        Assert.Contains($"did not finish within {tls.HandshakeTimeout.TotalSeconds:0} s", line);
        Assert.Equal("ok", await AskAsync(good, "ok"));
    }

    [Fact]
    public async Task ClientThatDistrustsTheCertificateFailsClearlyAndOthersAreServed()
    {
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, TestCertificates.ServerOptions());

        // The system store does not know the test CA.
        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync(server, new TlsClientOptions()));

        Assert.True(error.Failure == TlsFailure.CertificateRejected, error.Message);
        Assert.Contains("did not verify", error.Message);
        Assert.True(error.Message.Contains("not trusted", StringComparison.Ordinal), error.Message);
        // .NET checks the certificate after its side of the handshake, so the server sees a client that leaves.
        Assert.Equal("ok", await AskAsync(await ConnectTlsAsync(server), "ok"));
    }

    [Fact]
    public async Task MutualTlsRefusesAClientWithoutACertificateOrWithAStrangersOne()
    {
        var tls = TestCertificates.ServerOptions();
        tls.RequireClientCertificate = true;
        tls.ClientCertificateAuthorities.Add(TestCertificates.Authority);
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, tls);

        var stranger = TestCertificates.ClientOptions();
        stranger.ClientCertificate = TestCertificates.StrangerClient;
        await AssertRefusedAsync(server, TestCertificates.ClientOptions());
        await AssertRefusedAsync(server, stranger);

        var member = TestCertificates.ClientOptions();
        member.ClientCertificate = TestCertificates.Client;
        await WaitForServerClosesAsync(2);
        Assert.Equal("ok", await AskAsync(await ConnectTlsAsync(server, member), "ok"));
        var failures = Logs.WithEvent("TlsHandshakeFailed");
        Assert.NotEmpty(failures);
        Assert.All(failures, entry => Assert.Contains("certificate", entry.Message));
    }

    [Fact]
    public async Task AFloodOfBadHandshakesLogsOneLinePerInterval()
    {
        var server = await StartAsync(ServiceCatalog.Echo, ServiceStyle.Handler, TestCertificates.ServerOptions());
        for (var i = 0; i < 20; i++)
        {
            var plain = await ConnectSocketAsync(server);
            await plain.SendAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray(), Token).AsTask().WithTimeout();
            await WaitForCloseAsync(plain);
        }

        await WaitForServerClosesAsync(20);
        Assert.Equal("ok", await AskAsync(await ConnectTlsAsync(server), "ok"));
        Assert.Single(Logs.WithEvent("TlsHandshakeFailed"));
        Assert.Empty(Logs.WithEvent("TlsHandshakeFailedRepeatedly"));
    }

    [Fact]
    public async Task TlsClientToAPlainServerFailsWithAProtocolError()
    {
        var server = await StartAsync(ServiceCatalog.Greet, ServiceStyle.Handler, tls: null);

        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync(server));

        Assert.Equal(TlsFailure.Protocol, error.Failure);
        Assert.Contains("does not speak TLS", error.Message);
    }

    private async Task AssertRefusedAsync(Netwright.Servers.NetServer server, TlsClientOptions options)
    {
        // TLS 1.3 finishes the client's side before the server checks the client's certificate: the refusal
        // shows as a failed handshake or as the connection closing on the first read.
        try
        {
            var connection = await ConnectTlsAsync(server, options);
            var reply = await AskAsync(connection, "let me in");
            Assert.Null(reply);
        }
        catch (Exception ex) when (ex is TlsHandshakeException or ConnectionResetException or IOException)
        {
            // Refused during the handshake.
        }
    }

    private async Task<string> WaitForHandshakeFailureAsync()
    {
        await WaitForServerClosesAsync();
        return Assert.Single(Logs.WithEvent("TlsHandshakeFailed")).Message;
    }

    private async Task WaitForCloseAsync(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, Token).AsTask().WithTimeout() > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }
    }
}
