using System.Globalization;
using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests;

/// <summary>
/// The seeds' own Python clients against the C# server samples: the samples answer exactly as the seeds'
/// servers do (no newline added), and exit 0 after the connections (or datagrams) they were told to serve.
/// </summary>
public sealed class SampleServerTests
{
    private const string ServerIdle = "60";  // seconds; the samples' default of 10 is short on a busy machine

    [PythonFact]
    public async Task SeedGreetingClientPrintsTheGreetingOfTheServerSample()
    {
        await using var server = await SampleBuilds.StartAsync("server", "127.0.0.1", "0", "1", ServerIdle);

        Assert.Equal("Thank you for connecting\r\n\n", await RunAsync(server, "seed000_greeting_client.py", string.Empty));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task TsTclntGetsAReplyForEachLineWithoutSendingNewlines()
    {
        await using var server = await SampleBuilds.StartAsync("tsTserv", "127.0.0.1", "0", "1", ServerIdle);

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", await RunAsync(server, "seed001_tsTclnt.py", "hello\nworld\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task TsUclntGetsADatagramForEachLine()
    {
        await using var server = await SampleBuilds.StartAsync("tsUserv", "127.0.0.1", "0", "2", ServerIdle);

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", await RunAsync(server, "seed001_tsUclnt.py", "hello\nworld\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task TsTclntSSGetsAReplyOnEachConnection()
    {
        await using var server = await SampleBuilds.StartAsync("tsTservSS", "127.0.0.1", "0", "3", ServerIdle);

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", await RunAsync(server, "seed001_tsTclntSS.py", "hello\nworld\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact(Twisted = true)]
    public async Task TwistedClientTalksToTheEventStyleSample()
    {
        await using var server = await SampleBuilds.StartAsync("tsTservTW", "127.0.0.1", "0", "1", ServerIdle);
        var port = (await server.WaitForListeningPortAsync(TestTimeouts.Startup)).ToString(CultureInfo.InvariantCulture);
        await using var client = PythonRuntime.StartTwisted("seed001_tsTclntTW.py", "127.0.0.1", port);
        await client.WriteInputAsync("hello\nworld\n");
        client.CloseInput();

        Assert.True(await client.WaitForExitAsync(TestTimeouts.Exchange) == 0, client.Transcript() + server.Transcript());
        Timestamps.AssertMatches("> ...sending hello...\n[{T}] hello\n> ...sending world...\n[{T}] world\n> ", client.Output);
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task SeedThreadingClientGetsRepliesFromTheThreadingSample()
    {
        await using var server = await SampleBuilds.StartAsync("tsServThreading", "127.0.0.1", "0", "1", ServerIdle);

        Timestamps.AssertMatches(">>> {T} hello\n>>> >>> {T} world\n>>> ", await RunAsync(server, "seed003_threading_client.py", "hello\n\nworld\n"));
        await ExpectExitAsync(server);
    }

    [PythonFact]
    public async Task SeedInformationClientConnectsToTheBaseServerSample()
    {
        await using var server = await SampleBuilds.StartAsync("baseserver", "127.0.0.1", "0", "1", ServerIdle);

        var output = await RunAsync(server, "seed002_connect.py", string.Empty);

        Assert.Contains("Connected to  ('127.0.0.1', ", output, StringComparison.Ordinal);
        await ExpectExitAsync(server);
        Assert.Contains("Got connection from  127.0.0.1:", server.Output, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(ChildProcess server, string program, string input)
    {
        var port = (await server.WaitForListeningPortAsync(TestTimeouts.Startup)).ToString(CultureInfo.InvariantCulture);
        await using var client = PythonRuntime.StartInterop(program, "127.0.0.1", port);
        await client.WriteInputAsync(input);
        client.CloseInput();
        Assert.True(await client.WaitForExitAsync(TestTimeouts.Exchange) == 0, client.Transcript() + server.Transcript());
        return client.Output;
    }

    private static async Task ExpectExitAsync(ChildProcess server)
    {
        Assert.True(await server.WaitForExitAsync(TestTimeouts.Exchange) == 0, server.Transcript());
        Assert.Equal(string.Empty, server.Error);
    }
}
