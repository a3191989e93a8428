using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests;

/// <summary>
/// Each C# server sample with its C# client sample, both run as built programs (see <see cref="SampleBuilds"/>),
/// on loopback with port 0. Servers are told how many connections (or datagrams) to serve and must exit 0.
/// </summary>
public sealed class SamplePairTests
{
    private const string ServerIdle = "60";  // seconds; the samples' default of 10 is short on a busy machine

    [Fact]
    public async Task GreetingClientPrintsWhatTheGreetingServerSends()
    {
        await using var server = await SampleBuilds.StartAsync("server", "127.0.0.1", "0", "1", ServerIdle);
        var client = await RunClientAsync(server, "client", string.Empty);

        Assert.Equal("Thank you for connecting\r\n\n", client);
        await ExpectExitAsync(server, "Server start at port: ", "Got a connection from 127.0.0.1:");
    }

    [Fact]
    public async Task TcpTimestampClientGetsAReplyForEachLine()
    {
        await using var server = await SampleBuilds.StartAsync("tsTserv", "127.0.0.1", "0", "1", ServerIdle);
        var client = await RunClientAsync(server, "tsTclnt", "hello\nwörld\n\nnot sent\n");

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] wörld\n> ", client);
        await ExpectExitAsync(server, "waiting for connection...\n...connected from: 127.0.0.1:");
    }

    [Fact]
    public async Task UdpTimestampClientGetsADatagramForEachLine()
    {
        await using var server = await SampleBuilds.StartAsync("tsUserv", "127.0.0.1", "0", "2", ServerIdle);
        var client = await RunClientAsync(server, "tsUclnt", "hello\nworld\n");

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", client);
        await ExpectExitAsync(server, "...received from and returned to: 127.0.0.1:");
    }

    [Fact]
    public async Task SocketserverStyleClientReconnectsForEachLine()
    {
        // Two lines make three connections: the client connects before each prompt.
        await using var server = await SampleBuilds.StartAsync("tsTservSS", "127.0.0.1", "0", "3", ServerIdle);
        var client = await RunClientAsync(server, "tsTclntSS", "hello\nworld\n");

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", client);
        await ExpectExitAsync(server);
        Assert.Equal(3, server.Output.Split("...connected from: 127.0.0.1:").Length - 1);
    }

    [Fact]
    public async Task TwistedStyleClientSendsALineAfterEachReply()
    {
        await using var server = await SampleBuilds.StartAsync("tsTservTW", "127.0.0.1", "0", "1", ServerIdle);
        var client = await RunClientAsync(server, "tsTclntTW", "hello\nworld\n");

        Timestamps.AssertMatches("> ...sending hello...\n[{T}] hello\n> ...sending world...\n[{T}] world\n> ", client);
        await ExpectExitAsync(server, "...connected from: 127.0.0.1\n");
    }

    [Fact]
    public async Task ThreadingServerAnswersTwoClientsConnectedAtOnce()
    {
        await using var server = await SampleBuilds.StartAsync("tsServThreading", "127.0.0.1", "0", "2", ServerIdle);
        var port = (await server.WaitForListeningPortAsync(TestTimeouts.Startup)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var first = await SampleBuilds.StartAsync("tsClnt8009", "127.0.0.1", port);
        await using var second = await SampleBuilds.StartAsync("tsClnt8009", "127.0.0.1", port);

        await first.WriteInputAsync("a1\n");
        await first.WaitForOutputAsync(new(@" a1\n"), TestTimeouts.Exchange);
        await second.WriteInputAsync("b1\n\nb2\n");  // an empty line is skipped, as in the seed
        await second.WaitForOutputAsync(new(@" b2\n"), TestTimeouts.Exchange);
        await first.WriteInputAsync("a2\n");
        first.CloseInput();
        second.CloseInput();

        Assert.True(await first.WaitForExitAsync(TestTimeouts.Exchange) == 0, first.Transcript());
        Assert.True(await second.WaitForExitAsync(TestTimeouts.Exchange) == 0, second.Transcript());
        // The seed's threading server answers "ctime text", without brackets.
        Timestamps.AssertMatches(">>> {T} a1\n>>> {T} a2\n>>> ", first.Output);
        Timestamps.AssertMatches(">>> {T} b1\n>>> >>> {T} b2\n>>> ", second.Output);
        await ExpectExitAsync(server);
    }

    [Fact]
    public async Task InformationClientReportsBothEndsOfItsConnectionToTheBaseServer()
    {
        await using var server = await SampleBuilds.StartAsync("baseserver", "127.0.0.1", "0", "1", ServerIdle);
        var port = await server.WaitForListeningPortAsync(TestTimeouts.Startup);
        var client = await RunClientAsync(server, "connect", string.Empty);

        var match = new System.Text.RegularExpressions.Regex(
            @"^Looking up port number\.\.\. \nDone!\nConnecting to remote host on port (?<port>\d+)\.\.\.\nDone!\nConnected from  127\.0\.0\.1:(?<local>\d+)\nConnected to  127\.0\.0\.1:(?<peer>\d+)\n$").Match(client);
        Assert.True(match.Success, Timestamps.Show(client));
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Groups["port"].Value);
        Assert.Equal(match.Groups["port"].Value, match.Groups["peer"].Value);
        await ExpectExitAsync(server, $"Got connection from  127.0.0.1:{match.Groups["local"].Value}\n");
    }

    [Fact]
    public async Task InformationClientLooksUpTheHttpPortByName()
    {
        // Nobody listens on port 80 here, so the connect fails; what matters is the port it looked up.
        await using var client = await SampleBuilds.StartAsync("connect", "127.0.0.1");
        client.CloseInput();
        var exitCode = await client.WaitForExitAsync(TestTimeouts.Exchange);

        Assert.StartsWith("Looking up port number... \nDone!\nConnecting to remote host on port 80...\n", client.Output, StringComparison.Ordinal);
        if (exitCode != 0)
        {
            Assert.Equal(1, exitCode);
            Assert.StartsWith("connect: ", client.Error, StringComparison.Ordinal);
        }
    }

    private static async Task<string> RunClientAsync(ChildProcess server, string client, string input)
    {
        var port = (await server.WaitForListeningPortAsync(TestTimeouts.Startup)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var process = await SampleBuilds.StartAsync(client, "127.0.0.1", port);
        await process.WriteInputAsync(input);
        process.CloseInput();
        var exitCode = await process.WaitForExitAsync(TestTimeouts.Exchange);
        Assert.True(exitCode == 0, process.Transcript() + server.Transcript());
        return process.Output;
    }

    private static async Task ExpectExitAsync(ChildProcess server, params string[] expectedOutput)
    {
        Assert.True(await server.WaitForExitAsync(TestTimeouts.Exchange) == 0, server.Transcript());
        Assert.Equal(string.Empty, server.Error);
        foreach (var expected in expectedOutput)
        {
            Assert.Contains(expected, server.Output, StringComparison.Ordinal);
        }
    }
}
