using System.Globalization;
using System.Text.RegularExpressions;
using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests;

/// <summary>
/// The C# client samples against the seeds' own Python servers: each prints what the Python client prints
/// against the same server, and each server exits 0 after the connections (or datagrams) it was told to serve.
/// </summary>
public sealed class SampleClientTests
{
    private const string PythonServerIdle = "60";  // seconds; the servers' own default of 10 is short on a busy machine

    [PythonFact]
    public async Task GreetingClientPrintsTheGreetingOfTheSeedServer()
    {
        await SampleBuilds.EnsureBuiltAsync();
        await using var server = PythonRuntime.StartInterop("seed000_greeting_server.py", "127.0.0.1", "0", "1", PythonServerIdle);

        Assert.Equal("Thank you for connecting\r\n\n", await RunClientAsync(server, "client", string.Empty));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task TcpTimestampClientGetsAReplyForEachLineFromTsTserv()
    {
        await SampleBuilds.EnsureBuiltAsync();
        await using var server = PythonRuntime.StartInterop("seed001_tsTserv.py", "127.0.0.1", "0", "1", PythonServerIdle);

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] wörld\n> ", await RunClientAsync(server, "tsTclnt", "hello\nwörld\n\nnot sent\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task UdpTimestampClientGetsADatagramForEachLineFromTsUserv()
    {
        await SampleBuilds.EnsureBuiltAsync();
        await using var server = PythonRuntime.StartInterop("seed001_tsUserv.py", "127.0.0.1", "0", "2", PythonServerIdle);

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", await RunClientAsync(server, "tsUclnt", "hello\nworld\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task SocketserverStyleClientGetsAReplyOnEachConnectionFromTsTservSS()
    {
        await SampleBuilds.EnsureBuiltAsync();
        await using var server = PythonRuntime.StartInterop("seed001_tsTservSS.py", "127.0.0.1", "0", "3", PythonServerIdle);

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", await RunClientAsync(server, "tsTclntSS", "hello\nworld\n"));
        await ExpectExitAsync(server);
        Assert.Equal(3, server.Output.Split("...connected from: ('127.0.0.1', ").Length - 1);
    }

    [PythonFact(Twisted = true)]
    public async Task TwistedStyleClientTalksToTheTwistedServer()
    {
        await SampleBuilds.EnsureBuiltAsync();
        await using var server = PythonRuntime.StartTwisted("seed001_tsTservTW.py", "127.0.0.1", "0", "1", PythonServerIdle);

        Timestamps.AssertMatches(
            "> ...sending hello...\n[{T}] hello\n> ...sending world...\n[{T}] world\n> ",
            await RunClientAsync(server, "tsTclntTW", "hello\nworld\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task Port8009ClientGetsRepliesFromTheSeedThreadingServer()
    {
        await SampleBuilds.EnsureBuiltAsync();
        await using var server = PythonRuntime.StartInterop("seed003_threading_server.py", "127.0.0.1", "0", "1", PythonServerIdle);

        // The seed's threading server answers "ctime text", without brackets; the empty line is skipped.
        Timestamps.AssertMatches(">>> {T} hello\n>>> >>> {T} world\n>>> ", await RunClientAsync(server, "tsClnt8009", "hello\n\nworld\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task InformationClientReportsThePortsTheSeedBaseServerSees()
    {
        await SampleBuilds.EnsureBuiltAsync();
        await using var server = PythonRuntime.StartInterop("seed002_server.py", "127.0.0.1", "0", "1", PythonServerIdle);
        var port = await server.WaitForListeningPortAsync(TestTimeouts.Startup);

        var output = await RunClientAsync(server, "connect", string.Empty);

        var match = Regex.Match(output, @"Connected from  127\.0\.0\.1:(?<local>\d+)\nConnected to  127\.0\.0\.1:(?<peer>\d+)\n$");
        Assert.True(match.Success, Timestamps.Show(output));
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), match.Groups["peer"].Value);
        await ExpectExitAsync(server);
        Assert.Contains($"Got connection from  ('127.0.0.1', {match.Groups["local"].Value})\n", server.Output, StringComparison.Ordinal);
    }

    private static async Task<string> RunClientAsync(ChildProcess server, string sample, string input)
    {
        var port = (await server.WaitForListeningPortAsync(TestTimeouts.Startup)).ToString(CultureInfo.InvariantCulture);
        await using var client = await SampleBuilds.StartAsync(sample, "127.0.0.1", port);
        await client.WriteInputAsync(input);
        client.CloseInput();
        var exitCode = await client.WaitForExitAsync(TestTimeouts.Exchange);
        Assert.True(exitCode == 0, client.Transcript() + server.Transcript());
        return client.Output;
    }

    private static async Task ExpectExitAsync(ChildProcess server)
    {
        Assert.True(await server.WaitForExitAsync(TestTimeouts.Exchange) == 0, server.Transcript());
        Assert.DoesNotContain("Traceback", server.Error, StringComparison.Ordinal);
    }
}
