using System.Net;
using System.Net.Sockets;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Transport;

namespace Netwright.IntegrationTests.Transport;

/// <summary>The default backlog takes a burst of connects even while nothing is accepted (a GC, a busy core).</summary>
public sealed class ListenBacklogTests
{
    [Fact]
    public async Task AListenerThatIsNotAcceptingQueuesABurstOfConnectsUpToTheSystemMaximum()
    {
        // Linux queues backlog + 1 completed connections; a connect beyond that is dropped and would wait here for
        // its retry a second later, and again, until the timeout. A fixed backlog of 512 fails this on any system
        // whose maximum is above it.
        var burst = Math.Min(SystemMaximumBacklog() ?? 100, 1000);
        await using var listener = await StreamListener.BindAsync(NetEndPoint.Tcp("127.0.0.1", 0)).WithTimeout();
        var target = new IPEndPoint(IPAddress.Loopback, listener.EndPoint.Port);
        var clients = new List<Socket>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var connects = new List<Task>();
            for (var i = 0; i < burst; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                connects.Add(client.ConnectAsync(target, timeout.Token).AsTask());
            }

            await Task.WhenAll(connects).WaitAsync(Timeouts.Step);
            Assert.All(clients, client => Assert.True(client.Connected));
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    private static int? SystemMaximumBacklog() =>
        File.Exists("/proc/sys/net/core/somaxconn") && int.TryParse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), out var value)
            ? value
            : null;
}
