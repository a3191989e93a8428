using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests;

/// <summary>
/// <c>netwright connect</c>, run as a process, against the seeds' Python servers: the plain TCP and UDP
/// timestamp servers, the socketserver one and the Twisted one. The Python servers are told to serve a set
/// number of connections (or datagrams) and exit, and must exit 0.
/// </summary>
public sealed class ConnectCommandTests
{
    private const string PythonServerIdle = "60";  // seconds; the servers' own default of 10 is short on a busy machine

    [PythonFact]
    public async Task ConnectWithAPromptGetsATimestampForEachLineFromTsTserv()
    {
        await using var server = PythonRuntime.StartInterop("seed001_tsTserv.py", "127.0.0.1", "0", "1", PythonServerIdle);

        var output = await ConnectAsync(server, ["-i"], "tcp", "hello\nwörld\n");

        // The Python server answers without a newline; connect starts each prompt on a fresh line.
        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] wörld\n> ", output);
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task PipedConnectSendsTextWithoutANewlineAndPrintsTheReply()
    {
        await using var server = PythonRuntime.StartInterop("seed001_tsTserv.py", "127.0.0.1", "0", "1", PythonServerIdle);

        var output = await ConnectAsync(server, [], "tcp", "no newline");

        // Byte-exact output is the CLI tests' business; here a trailing newline added for the terminal is accepted.
        Timestamps.AssertMatches("[{T}] no newline", output.EndsWith('\n') ? output[..^1] : output);
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task ConnectOverUdpGetsOneReplyForEachLineFromTsUserv()
    {
        await using var server = PythonRuntime.StartInterop("seed001_tsUserv.py", "127.0.0.1", "0", "2", PythonServerIdle);

        var output = await ConnectAsync(server, [], "udp", "hello\nworld\n");

        Timestamps.AssertMatches("[{T}] hello\n[{T}] world\n", output);
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task ConnectGetsTheLineBackFromTheSocketserverServer()
    {
        await using var server = PythonRuntime.StartInterop("seed001_tsTservSS.py", "127.0.0.1", "0", "1", PythonServerIdle);

        var output = await ConnectAsync(server, [], "tcp", "hello\r\n");

        // StreamRequestHandler answers one line with its own line end, then closes the connection.
        Timestamps.AssertMatches("[{T}] hello\r\n", output);
        await ExpectExitAsync(server);
    }

    [PythonFact(Twisted = true)]
    public async Task ConnectWithAPromptGetsATimestampForEachLineFromTheTwistedServer()
    {
        await using var server = PythonRuntime.StartTwisted("seed001_tsTservTW.py", "127.0.0.1", "0", "1", PythonServerIdle);

        var output = await ConnectAsync(server, ["-i"], "tcp", "hello\nworld\n");

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", output);
        await ExpectExitAsync(server);
    }

    private static async Task<string> ConnectAsync(ChildProcess server, string[] options, string scheme, string input)
    {
        var port = await server.WaitForListeningPortAsync(TestTimeouts.Startup);
        await using var connect = NetwrightCli.Start(["connect", .. options, $"{scheme}://127.0.0.1:{port}"]);
        await connect.WriteInputAsync(input);
        connect.CloseInput();
        var exitCode = await connect.WaitForExitAsync(TestTimeouts.Exchange);
        Assert.True(exitCode == 0, connect.Transcript() + server.Transcript());
        return connect.Output;
    }

    private static async Task ExpectExitAsync(ChildProcess server)
    {
        Assert.True(await server.WaitForExitAsync(TestTimeouts.Exchange) == 0, server.Transcript());
        Assert.DoesNotContain("Traceback", server.Error, StringComparison.Ordinal);
    }
}
