using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Netwright.Protocols;
using Netwright.Servers;
using Netwright.Streams;
using Netwright.Testing;

namespace Netwright.Hosting.Tests;

/// <summary>
/// A DI scope per connection: protocols (<c>AddProtocol</c>) and per-connection handlers (<c>AddScopedHandler</c>) get
/// scoped services made once for their connection, singletons shared by all, and the scope disposed when the connection ends.
/// </summary>
public sealed class ConnectionScopeTests
{
    [Fact]
    public async Task AProtocolGetsAScopePerConnectionThatIsDisposedWhenTheConnectionEnds()
    {
        await RunTwoConnectionsAsync(server => server.AddProtocol<ScopeProtocol>("scoped"));
    }

    [Fact]
    public async Task AScopedHandlerGetsAScopePerConnectionThatIsDisposedWhenTheConnectionEnds()
    {
        await RunTwoConnectionsAsync(server => server.AddScopedHandler<ScopeHandler>("scoped"));
    }

    private static async Task RunTwoConnectionsAsync(Action<NetwrightServerBuilder> register)
    {
        var builder = HostFixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["Netwright:Listeners:0:Endpoint"] = "tcp://127.0.0.1:0",
            ["Netwright:Listeners:0:Handler"] = "scoped",
        });
        var log = new DisposalLog();
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton<SharedCounter>();
        builder.Services.AddScoped<ConnectionResource>();
        register(builder.Services.AddNetwrightServer());
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        var endpoint = HostFixture.Server(host).EndPoints[0].Ip();
        using var timeout = TestTimeouts.CreateTokenSource();

        using var first = await ConnectAsync(endpoint, timeout.Token);
        using var second = await ConnectAsync(endpoint, timeout.Token);
        var one = (await AskAsync(first, timeout.Token)).Split(' ');
        var two = (await AskAsync(second, timeout.Token)).Split(' ');

        // Each reply: the scoped resource's id, whether both constructor parameters got the same instance, the singleton's id.
        Assert.NotEqual(one[0], two[0]);
        Assert.Equal("same", one[1]);
        Assert.Equal("same", two[1]);
        Assert.Equal(one[2], two[2]);
        Assert.Empty(log.Disposed);

        first.Shutdown(SocketShutdown.Send);
        Assert.Equal(one[0], await log.NextAsync().DefaultTimeout());
        Assert.DoesNotContain(two[0], log.Disposed);
        Assert.StartsWith(two[0] + " ", await AskAsync(second, timeout.Token, "again"), StringComparison.Ordinal);

        second.Shutdown(SocketShutdown.Send);
        Assert.Equal(two[0], await log.NextAsync().DefaultTimeout());
        await host.StopAsync().DefaultTimeout();
        Assert.Equal([one[0], two[0]], log.Disposed);
    }

    private static async Task<Socket> ConnectAsync(System.Net.EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, cancellationToken);
        return socket;
    }

    private static async Task<string> AskAsync(Socket socket, CancellationToken cancellationToken, string line = "who")
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(line + "\n"), cancellationToken);
        return await HostFixture.ReadLineAsync(socket, cancellationToken);
    }

    /// <summary>Records, in order, which connection resources were disposed; a test awaits each disposal.</summary>
    internal sealed class DisposalLog
    {
        private readonly System.Threading.Channels.Channel<string> _disposals = System.Threading.Channels.Channel.CreateUnbounded<string>();
        private readonly ConcurrentQueue<string> _disposed = new();

        public IReadOnlyList<string> Disposed => [.. _disposed];

        public void Add(string id)
        {
            _disposed.Enqueue(id);
            _disposals.Writer.TryWrite(id);
        }

        public Task<string> NextAsync() => _disposals.Reader.ReadAsync().AsTask();
    }

    internal sealed class SharedCounter
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    /// <summary>A scoped service with asynchronous disposal, as a database context or a unit of work has.</summary>
    internal sealed class ConnectionResource(DisposalLog log) : IAsyncDisposable
    {
        public string Id { get; } = Guid.NewGuid().ToString("N")[..8];

        public async ValueTask DisposeAsync()
        {
            await Task.Yield();
            log.Add(Id);
        }
    }

    internal static string Describe(ConnectionResource resource, ConnectionResource again, SharedCounter shared) =>
        $"{resource.Id} {(ReferenceEquals(resource, again) ? "same" : "different")} {shared.Id}";

    internal sealed class ScopeProtocol(ConnectionResource resource, ConnectionResource again, SharedCounter shared) : LineProtocol
    {
        public override void OnLineReceived(string line) => SendLine(Describe(resource, again, shared));
    }

    internal sealed class ScopeHandler(ConnectionResource resource, ConnectionResource again, SharedCounter shared) : ConnectionHandler
    {
        public override async Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
        {
            while (await session.ReadLineAsync(cancellationToken) is not null)
            {
                await session.WriteLineAsync(Describe(resource, again, shared), cancellationToken);
            }
        }
    }
}
