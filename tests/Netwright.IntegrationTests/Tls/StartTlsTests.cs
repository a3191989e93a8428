using Netwright.Clients;
using Netwright.Protocols;
using Netwright.Servers;
using Netwright.Streams;
using Netwright.Testing;
using Netwright.Tls;

namespace Netwright.IntegrationTests.Tls;

/// <summary>STARTTLS: a plain conversation upgraded to TLS in place, with the same protocol object (event style) or session (handler style) running on.</summary>
public sealed class StartTlsTests : TlsFixture
{
    [Fact]
    public async Task EventStyleServerUpgradesAndTheSameProtocolAnswersOverTls()
    {
        var server = await StartAsync(ProtocolFactory.Create(_ => new StartTlsServerProtocol(TestCertificates.ServerOptions())), tls: null);
        var connection = await ConnectPlainAsync(server);
        await using var session = new StreamSession(connection);

        await session.WriteLineAsync("hello", Token);
        Assert.Equal("plain hello (1)", await session.ReadLineAsync(Token).AsTask().WaitAsync(Token));
        await session.WriteLineAsync("STARTTLS", Token);
        Assert.Equal("GO", await session.ReadLineAsync(Token).AsTask().WaitAsync(Token));
        var tls = await session.UpgradeToTlsAsync(TestCertificates.ClientOptions(), "localhost", Token);
        await session.WriteLineAsync("secret", Token);

        Assert.Equal("tls secret (3)", await session.ReadLineAsync(Token).AsTask().WaitAsync(Token));
        Assert.Same(tls, session.Connection);
        Assert.Equal(TestCertificates.Server.Thumbprint, tls.RemoteCertificate?.Thumbprint);
    }

    [Fact]
    public async Task HandlerStyleServerUpgradesForAnEventStyleClient()
    {
        var server = await StartAsync(
            ConnectionHandler.Create(async (session, ct) =>
            {
                while (await session.ReadLineAsync(ct) is { } line)
                {
                    if (line == "STARTTLS")
                    {
                        await session.WriteLineAsync("GO", ct);
                        await session.UpgradeToTlsAsync(TestCertificates.ServerOptions(), ct);
                        continue;
                    }

                    await session.WriteLineAsync((session.Connection is TlsConnection ? "tls " : "plain ") + line, ct);
                }
            }),
            tls: null);
        var client = new StartTlsClientProtocol(TestCertificates.ClientOptions());

        var running = await ProtocolConnector.ConnectAsync(server.EndPoints[0], client, cancellationToken: Token);

        Assert.Equal(["plain one", "GO", "tls two"], await client.Done.Task.WaitAsync(Token));
        await running.Completion.WaitAsync(Token);
    }

    [Fact]
    public async Task AFailedUpgradeEndsOnlyThatConnection()
    {
        var server = await StartAsync(ProtocolFactory.Create(_ => new StartTlsServerProtocol(TestCertificates.ServerOptions())), tls: null);
        var connection = await ConnectPlainAsync(server);
        var session = new StreamSession(connection);
        await session.WriteLineAsync("STARTTLS", Token);
        Assert.Equal("GO", await session.ReadLineAsync(Token).AsTask().WaitAsync(Token));

        await session.WriteLineAsync("not a ClientHello", Token);

        Assert.Null(await session.ReadLineAsync(Token).AsTask().WaitAsync(Token));
        var other = new StreamSession(await ConnectPlainAsync(server));
        await other.WriteLineAsync("fine", Token);
        Assert.Equal("plain fine (1)", await other.ReadLineAsync(Token).AsTask().WaitAsync(Token));
    }

    private sealed class StartTlsServerProtocol(TlsServerOptions tls) : LineProtocol
    {
        private int _count;
        private bool _secure;

        public override void OnLineReceived(string line)
        {
            _count++;
            if (line == "STARTTLS")
            {
                SendLine("GO");
                Transport.StartTls(tls);
                _secure = true;
                return;
            }

            SendLine($"{(_secure ? "tls" : "plain")} {line} ({_count})");
        }
    }

    private sealed class StartTlsClientProtocol(TlsClientOptions tls) : LineProtocol
    {
        private readonly List<string> _lines = [];

        public TaskCompletionSource<string[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void OnConnected() => SendLine("one");

        public override void OnLineReceived(string line)
        {
            _lines.Add(line);
            if (line == "plain one")
            {
                SendLine("STARTTLS");
            }
            else if (line == "GO")
            {
                Transport.StartTls(tls, "localhost");
                // Written after StartTls in the same callback: sent once the handshake is done, encrypted.
                SendLine("two");
            }
            else
            {
                Done.TrySetResult([.. _lines]);
                Transport.LoseConnection();
            }
        }

        public override void OnConnectionLost(Exception? reason) => Done.TrySetException(reason ?? new InvalidOperationException("closed early"));
    }
}
