using System.Net;
using Netwright.Errors;
using Netwright.Protocols;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Protocols;

public sealed class ProtocolFactoryTests
{
    private readonly InMemoryConnection _connection = new();
    private readonly TestTimeProvider _clock = new();

    [Fact]
    public async Task NullFromTheFactoryRefusesTheConnection()
    {
        EndPoint? seen = null;
        var factory = ProtocolFactory.Create(remote =>
        {
            seen = remote;
            return null;
        });

        Assert.Null(await ServiceRun.Start(factory, _connection, TestServer.Context(_clock)).DefaultTimeout());

        Assert.Equal(_connection.RemoteEndPoint, seen);
        Assert.IsType<ConnectionAbortedException>(_connection.AbortReason);
    }

    [Fact]
    public async Task EachConnectionGetsANewProtocol()
    {
        var made = new List<RecordingProtocol>();
        var factory = ProtocolFactory.Create(_ =>
        {
            var protocol = new RecordingProtocol { OnConnectedAction = t => t.LoseConnection() };
            made.Add(protocol);
            return protocol;
        });

        await ServiceRun.Start(factory, _connection, TestServer.Context(_clock)).DefaultTimeout();
        await ServiceRun.Start(factory, new InMemoryConnection(), TestServer.Context(_clock)).DefaultTimeout();

        Assert.Equal(2, made.Count);
        Assert.NotSame(made[0], made[1]);
        Assert.All(made, p => Assert.Equal(["connected", "lost:null"], p.Events));
    }

    [Fact]
    public void ForMakesTheProtocolType()
    {
        var protocol = ProtocolFactory.For<Netwright.Services.Echo.EchoProtocol>().CreateProtocol(null);

        Assert.IsType<Netwright.Services.Echo.EchoProtocol>(protocol);
    }

    [Fact]
    public void CreateRefusesANullDelegate()
    {
        Assert.Throws<ArgumentNullException>(() => ProtocolFactory.Create(null!));
    }
}
