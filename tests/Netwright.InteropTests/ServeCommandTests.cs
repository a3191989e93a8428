using Netwright.InteropTests.Infrastructure;

namespace Netwright.InteropTests;

/// <summary>
/// The seeds' Python clients against <c>netwright serve</c> run as a process (<c>dotnet Netwright.Cli.dll</c>),
/// in both styles, on TCP and UDP at once; the command then stops on SIGTERM with exit code 0.
/// </summary>
public sealed class ServeCommandTests
{
    public static TheoryData<string> Styles => new() { "handler", "event" };

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task SeedTimestampClientsGetRepliesFromServeTimestamp(string style)
    {
        var (serve, endpoints) = await NetwrightCli.ServeAsync("timestamp", style, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0");
        await using (serve)
        {
            var tcp = Port(endpoints, "tcp://");
            var udp = Port(endpoints, "udp://");

            Timestamps.AssertMatches("> [{T}] hello\n\n> [{T}] world\n\n> ", await RunAsync("seed001_tsTclnt.py", tcp, "hello\nworld\n"), serve.Transcript());
            Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", await RunAsync("seed001_tsUclnt.py", udp, "hello\nworld\n"), serve.Transcript());
            Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", await RunAsync("seed001_tsTclntSS.py", tcp, "hello\nworld\n"), serve.Transcript());
            Timestamps.AssertMatches(">>> [{T}] hello\n\n>>> ", await RunAsync("seed003_ts_client.py", tcp, "hello\n"), serve.Transcript());

            // tsTclnt, tsTclntSS (3 connections) and the seed 003 client; the UDP client makes no connection.
            await serve.WaitForErrorAsync(new(@"(?s)(\.\.\.connected from: 127\.0\.0\.1:\d+\n.*){5}"), TestTimeouts.Exchange);
            await StopAsync(serve);
            Assert.Equal(5, serve.Error.Split("...connected from: 127.0.0.1:").Length - 1);
        }
    }

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task GreetingClientGetsTheGreetingFromServeGreet(string style)
    {
        var (serve, endpoints) = await NetwrightCli.ServeAsync("greet", style, "--tcp", "127.0.0.1:0");
        await using (serve)
        {
            Assert.Equal("Thank you for connecting\r\n\n", await RunAsync("seed000_greeting_client.py", Port(endpoints, "tcp://"), string.Empty));
            await StopAsync(serve);
        }
    }

    private static string Port(IReadOnlyList<string> endpoints, string scheme) =>
        NetwrightCli.PortOf(endpoints.Single(e => e.StartsWith(scheme, StringComparison.Ordinal))).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(string program, string port, string input)
    {
        await using var client = PythonRuntime.StartInterop(program, "127.0.0.1", port);
        await client.WriteInputAsync(input);
        client.CloseInput();
        Assert.True(await client.WaitForExitAsync(TestTimeouts.Exchange) == 0, client.Transcript());
        return client.Output;
    }

    private static async Task StopAsync(ChildProcess serve)
    {
        serve.Terminate();
        Assert.True(await serve.WaitForExitAsync(TestTimeouts.Exchange) == 0, serve.Transcript());
        Assert.Contains("stopped", serve.Error, StringComparison.Ordinal);
    }
}
