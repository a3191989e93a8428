using Netwright.IntegrationTests.Infrastructure;
using Netwright.Services;
using Netwright.Streams;
using Netwright.Testing;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Tls;

/// <summary>The ready services behind a TLS listener: every transport, engine and style sees decrypted bytes as over a plain one.</summary>
public sealed class TlsServerTests : TlsFixture
{
    public static TheoryData<string, TransportEngine, ServiceStyle> Variants()
    {
        var data = new TheoryData<string, TransportEngine, ServiceStyle>();
        foreach (var transport in new[] { "tcp", "unix" })
        {
            foreach (var engine in new[] { TransportEngine.Sockets, TransportEngine.Epoll })
            {
                foreach (var style in new[] { ServiceStyle.Handler, ServiceStyle.Event })
                {
                    data.Add(transport, engine, style);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EchoOverTlsReturnsLargePayloadsByteExact(string transport, TransportEngine engine, ServiceStyle style)
    {
        var server = await StartAsync(ServiceCatalog.Echo, style, TestCertificates.ServerOptions(), transport, engine);
        var client = await ConnectTlsAsync(server);
        var payload = new byte[300_007];
        new Random(3).NextBytes(payload);

        var writing = Task.Run(async () =>
        {
            await client.Transport.Output.WriteAsync(payload, Token);
            await client.Transport.Output.CompleteAsync();
        });
        var received = new MemoryStream();
        await client.Transport.Input.CopyToAsync(received, Token).WaitAsync(Timeouts.Test);
        await writing.WithTimeout();

        Assert.True(payload.AsSpan().SequenceEqual(received.ToArray()), $"echoed {received.Length} bytes, not the {payload.Length} sent");
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task TimestampOverTlsStampsEachLineAndReportsTheSession(ServiceStyle style)
    {
        var server = await StartAsync(ServiceCatalog.Timestamp, style, TestCertificates.ServerOptions());
        var client = await ConnectTlsAsync(server);
        using var session = new StreamSession(client);

        await session.WriteLineAsync("one", Token).AsTask().WithTimeout();
        Assert.Equal($"[{LoopbackClock.DefaultCTime}] one", await session.ReadLineAsync(Token).AsTask().WithTimeout());
        await session.WriteLineAsync("two", Token).AsTask().WithTimeout();
        Assert.Equal($"[{LoopbackClock.DefaultCTime}] two", await session.ReadLineAsync(Token).AsTask().WithTimeout());

        Assert.True(client.Protocol is System.Security.Authentication.SslProtocols.Tls13 or System.Security.Authentication.SslProtocols.Tls12);
        Assert.Equal(TestCertificates.Server.Thumbprint, client.RemoteCertificate?.Thumbprint);
    }

    [Fact]
    public async Task ClientCloseNotifyEndsTheServersInputAndTheLastReplyStillArrives()
    {
        var server = await StartAsync(ServiceCatalog.Timestamp, ServiceStyle.Handler, TestCertificates.ServerOptions());
        var client = await ConnectTlsAsync(server);

        await client.Transport.Output.WriteAsync("last words"u8.ToArray(), Token);
        await client.Transport.Output.CompleteAsync();
        var reply = new MemoryStream();
        await client.Transport.Input.CopyToAsync(reply, Token).WaitAsync(Timeouts.Test);

        Assert.Equal($"[{LoopbackClock.DefaultCTime}] last words\n", System.Text.Encoding.UTF8.GetString(reply.ToArray()));
    }
}
