using System.Net;
using Netwright.Applications;
using Netwright.Servers;
using Netwright.Streams;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Servers;

/// <summary>One handler shared by two servers at once, as a user may register one instance on both.</summary>
public sealed class ConnectionHandlerSharingTests
{
    private const int RunsPerServer = 50_000;

    [Fact]
    public async Task EverySessionGetsItsOwnServersOptionsWhileTwoServersShareTheHandler()
    {
        // The stopping server's sessions start stopped; the other's do not. A session given the other server's cached
        // options (a torn read of the cache: one server's key beside the other's options) shows it. With the cache in a
        // struct this found torn reads in about 1 of 40,000 runs, so the test catches that bug most times, not always.
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();
        var stopping = TestServer.Context(new TestTimeProvider(), stopping: stopped.Token);
        var running = TestServer.Context(new TestTimeProvider());
        var handler = new CheckingHandler();

        // CPU-bound and never waiting, so it cannot hang: the limit is only generous for a loaded CI machine.
        await Task.WhenAll(
            Task.Run(() => RunManyAsync(handler, stopping, StoppingPort)),
            Task.Run(() => RunManyAsync(handler, running, RunningPort))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, handler.Mismatches);
        Assert.Equal(2 * RunsPerServer, handler.Runs);
    }

    private const int StoppingPort = 1;
    private const int RunningPort = 2;

    private static async Task RunManyAsync(IConnectionApplication handler, ServerContext server, int port)
    {
        var remote = new IPEndPoint(IPAddress.Loopback, port);
        for (var i = 0; i < RunsPerServer; i++)
        {
            var connection = new InMemoryConnection(remoteEndPoint: remote);
            await handler.RunAsync(connection, server);
            await connection.DisposeAsync();
        }
    }

    private sealed class CheckingHandler : ConnectionHandler
    {
        private int _runs;
        private int _mismatches;

        public int Runs => Volatile.Read(ref _runs);

        public int Mismatches => Volatile.Read(ref _mismatches);

        public override Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            var expectStopping = ((IPEndPoint)session.RemoteEndPoint!).Port == StoppingPort;
            if (session.IsStopping != expectStopping)
            {
                Interlocked.Increment(ref _mismatches);
            }

            return Task.CompletedTask;
        }
    }
}
