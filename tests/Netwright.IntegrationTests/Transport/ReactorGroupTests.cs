using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services.Echo;
using Netwright.Transport;
using Netwright.Transport.Epoll;

namespace Netwright.IntegrationTests.Transport;

/// <summary>The epoll engine's reactor group: connections spread across its threads, and its life follows its owner.</summary>
public sealed class ReactorGroupTests
{
    [Fact]
    public async Task AcceptedConnectionsAreSpreadEvenlyAcrossTheReactors()
    {
        await using var reactors = new ReactorGroup(2);
        var options = new SocketTransportOptions { Engine = TransportEngine.Epoll, ReactorGroup = reactors };
        await using var listener = await StreamListener.BindAsync(NetEndPoint.Tcp("127.0.0.1", 0), options).WithTimeout();
        var clients = new List<Socket>();
        var connections = new List<Connection>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                clients.Add(await new TcpStreamTransport().ConnectAsync(listener.EndPoint, CancellationToken.None).WithTimeout());
                connections.Add((await listener.AcceptAsync().WithTimeout())!);
            }

            var perReactor = connections.GroupBy(c => ((EpollConnection)c).Reactor.Index).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(new Dictionary<int, int> { [0] = 3, [1] = 3 }, perReactor);
            Assert.NotEqual(reactors[0].Thread.ManagedThreadId, reactors[1].Thread.ManagedThreadId);
        }
        finally
        {
            // Clients first: a connection's close then sees the peer's FIN at once instead of lingering for it.
            clients.ForEach(c => c.Dispose());
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task DisposingTheGroupEndsAndJoinsEveryReactorThread()
    {
        var reactors = new ReactorGroup(3);
        var threads = Enumerable.Range(0, reactors.Count).Select(i => reactors[i].Thread).ToList();
        Assert.All(threads, t => Assert.True(t.IsAlive));

        await reactors.DisposeAsync().AsTask().WithTimeout();
        await reactors.DisposeAsync().AsTask().WithTimeout();

        Assert.All(threads, t => Assert.False(t.IsAlive));
    }

    [Fact]
    public async Task DisposingOneServerLeavesAnotherServersReactorsServing()
    {
        var first = await StartEchoServerAsync(new SocketTransportOptions { Engine = TransportEngine.Epoll, Reactors = 2 });
        await using var second = await StartEchoServerAsync(new SocketTransportOptions { Engine = TransportEngine.Epoll, Reactors = 2 });
        await using (var client = await ConnectAsync(first))
        {
            Assert.Equal("one", await EchoAsync(client, "one"));
        }

        await first.DisposeAsync().AsTask().WithTimeout();

        await using var survivor = await ConnectAsync(second);
        Assert.Equal("two", await EchoAsync(survivor, "two"));
    }

    [Fact]
    public async Task AServerLeavesASharedGroupRunningForTheNextServer()
    {
        await using var reactors = new ReactorGroup(2);
        var options = new SocketTransportOptions { Engine = TransportEngine.Epoll, ReactorGroup = reactors };
        await using (var server = await StartEchoServerAsync(options))
        {
            await using var client = await ConnectAsync(server);
            Assert.Equal("first", await EchoAsync(client, "first"));
        }

        Assert.True(reactors[0].Thread.IsAlive && reactors[1].Thread.IsAlive);
        await using var next = await StartEchoServerAsync(options);
        await using var again = await ConnectAsync(next);
        Assert.Equal("second", await EchoAsync(again, "second"));
    }

    [Fact]
    public async Task AListenerBoundOnItsOwnStopsItsReactorsAfterItsLastConnectionCloses()
    {
        var options = new SocketTransportOptions { Engine = TransportEngine.Epoll, Reactors = 1 };
        var listener = await StreamListener.BindAsync(NetEndPoint.Tcp("127.0.0.1", 0), options).WithTimeout();
        using var client = await new TcpStreamTransport().ConnectAsync(listener.EndPoint, CancellationToken.None).WithTimeout();
        var connection = (EpollConnection)(await listener.AcceptAsync().WithTimeout())!;
        var reactor = connection.Reactor;

        await listener.DisposeAsync();
        Assert.False(reactor.Exited.IsCompleted, "the open connection still needs its reactor");
        client.Dispose();
        await connection.DisposeAsync();

        await reactor.Exited.WithTimeout();
    }

    [Fact]
    public void ReactorCountsOutsideOneToTheMaximumAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketTransportOptions { Reactors = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketTransportOptions { Reactors = ReactorGroup.MaxReactors + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactorGroup(0));
        Assert.Equal(Math.Min(Environment.ProcessorCount, ReactorGroup.MaxReactors), new SocketTransportOptions().Reactors);
    }

    private static async Task<NetServer> StartEchoServerAsync(SocketTransportOptions transport)
    {
        var server = new NetServer(new NetServerOptions { Transport = transport });
        server.Listen(NetEndPoint.Tcp("127.0.0.1", 0), new EchoHandler());
        await server.StartAsync().WithTimeout();
        return server;
    }

    private static async Task<LineClient> ConnectAsync(NetServer server)
    {
        var socket = await new TcpStreamTransport().ConnectAsync(server.EndPoints[0], CancellationToken.None).WithTimeout();
        return new LineClient(socket, CancellationToken.None);
    }

    private static async Task<string?> EchoAsync(LineClient client, string line)
    {
        await client.SendAsync(line + "\n");
        return await client.ReadLineAsync();
    }
}
