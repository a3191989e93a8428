using System.Globalization;
using System.Text.RegularExpressions;
using Netwright.Clients;
using Netwright.InteropTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Streams;
using Netwright.Transport;

namespace Netwright.InteropTests;

/// <summary>
/// One Netwright timestamp server with 50 Python clients (one Python process, a thread per client, see
/// Python/crowd_clients.py) and 50 Netwright clients (in this process) connected at the same time, all
/// talking at once, in both styles.
/// </summary>
public sealed partial class MixedCrowdTests
{
    private const int ClientsPerSide = 50;
    private const int MessagesPerClient = 5;

    public static TheoryData<ServiceStyle> Styles => new() { ServiceStyle.Handler, ServiceStyle.Event };

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task FiftyPythonAndFiftyNetwrightClientsAreServedAtOnce(ServiceStyle style)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Exchange);
        var opened = 0;
        var allConnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new NetServerOptions
        {
            ConnectionOpened = _ =>
            {
                if (Interlocked.Increment(ref opened) == 2 * ClientsPerSide)
                {
                    allConnected.TrySetResult();
                }
            },
        };
        await using var server = await PythonClientTests.StartAsync(ServiceCatalog.Timestamp, style, NetEndPoint.Tcp("127.0.0.1", 0), options);
        var port = server.EndPoints[0].Port;

        await using var python = ChildProcess.Start(PythonRuntime.Python, ["-u", RepoPaths.Helper("crowd_clients.py"), "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), $"{ClientsPerSide}", $"{MessagesPerClient}"]);
        await python.WaitForOutputAsync(new($"^connected {ClientsPerSide}$", RegexOptions.Multiline), TestTimeouts.Startup);
        var connections = await Task.WhenAll(Enumerable.Range(0, ClientsPerSide).Select(_ =>
            NetClient.ConnectAsync(NetEndPoint.Tcp("127.0.0.1", port), cancellationToken: timeout.Token)));
        try
        {
            await allConnected.Task.WaitAsync(TestTimeouts.Await);
            Assert.Equal(2 * ClientsPerSide, server.ConnectionCount);

            await python.WriteInputAsync("go\n");
            await Task.WhenAll(connections.Select((connection, index) => TalkAsync(connection, index, timeout.Token))).WaitAsync(TestTimeouts.Exchange);
            var exitCode = await python.WaitForExitAsync(TestTimeouts.Exchange);

            Assert.True(exitCode == 0, python.Transcript());
            Assert.Contains($"ok {ClientsPerSide}\ndone\n", python.Output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task TalkAsync(Connection connection, int index, CancellationToken cancellationToken)
    {
        using var session = new StreamSession(connection);
        for (var number = 0; number < MessagesPerClient; number++)
        {
            var text = $"nw{index}-{number}";
            await session.WriteTextAsync(text, cancellationToken);  // no newline, as the seeds' clients send
            var reply = await session.ReadLineAsync(cancellationToken);
            var match = Reply().Match(reply ?? string.Empty);
            Assert.True(match.Success && match.Groups["text"].Value == text, $"client {index}: bad reply '{reply}' to '{text}'");
            Timestamps.AssertRecent(match.Groups["time"].Value);
        }
    }

    [GeneratedRegex(@"^\[" + Timestamps.CTime + @"\] (?<text>.*)$")]
    private static partial Regex Reply();
}
