using Netwright.InteropTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Transport;

namespace Netwright.InteropTests;

/// <summary>
/// The seeds' own Python clients against Netwright's ready services, hosted in-process by a
/// <see cref="NetServer"/> in both styles. The TCP clients send text without a newline and block in
/// <c>recv</c>, so every reply proves the server answered without waiting for one.
/// </summary>
public sealed class PythonClientTests
{
    public static TheoryData<ServiceStyle> Styles => new() { ServiceStyle.Handler, ServiceStyle.Event };

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task TsTclntGetsATimestampForEachLineWithoutSendingNewlines(ServiceStyle style)
    {
        await using var server = await StartAsync(ServiceCatalog.Timestamp, style, NetEndPoint.Tcp("127.0.0.1", 0));

        var output = await RunClientAsync("seed001_tsTclnt.py", server, "hello\nwörld\n\nnot sent\n");

        // Netwright's timestamp service ends each reply with a newline, so print() leaves an empty line.
        Timestamps.AssertMatches("> [{T}] hello\n\n> [{T}] wörld\n\n> ", output);
    }

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task TsUclntGetsOneTimestampDatagramForEachLine(ServiceStyle style)
    {
        await using var server = await StartAsync(ServiceCatalog.Timestamp, style, NetEndPoint.Udp("127.0.0.1", 0));

        var output = await RunClientAsync("seed001_tsUclnt.py", server, "hello\nworld\n");

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", output);
    }

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task TsTclntSSGetsOneReplyOnEachOfItsConnections(ServiceStyle style)
    {
        var opened = 0;
        var thirdOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new NetServerOptions
        {
            ConnectionOpened = _ =>
            {
                if (Interlocked.Increment(ref opened) == 3)
                {
                    thirdOpened.TrySetResult();
                }
            },
        };
        await using var server = await StartAsync(ServiceCatalog.Timestamp, style, NetEndPoint.Tcp("127.0.0.1", 0), options);

        var output = await RunClientAsync("seed001_tsTclntSS.py", server, "hello\nworld\n");

        Timestamps.AssertMatches("> [{T}] hello\n> [{T}] world\n> ", output);
        // One connection per line, plus the one open when input ended (the client may exit before it is accepted).
        await thirdOpened.Task.WaitAsync(TestTimeouts.Await);
        Assert.Equal(3, Volatile.Read(ref opened));
    }

    [PythonTheory(Twisted = true)]
    [MemberData(nameof(Styles))]
    public async Task TwistedClientSendsALineAfterEachReply(ServiceStyle style)
    {
        await using var server = await StartAsync(ServiceCatalog.Timestamp, style, NetEndPoint.Tcp("127.0.0.1", 0));
        var port = server.EndPoints[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var client = PythonRuntime.StartTwisted("seed001_tsTclntTW.py", "127.0.0.1", port);
        await client.WriteInputAsync("hello\nworld\n");
        client.CloseInput();

        Assert.True(await client.WaitForExitAsync(TestTimeouts.Exchange) == 0, client.Transcript());
        Timestamps.AssertMatches("> ...sending hello...\n[{T}] hello\n\n> ...sending world...\n[{T}] world\n\n> ", client.Output);
    }

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task GreetingClientPrintsTheGreetingExactly(ServiceStyle style)
    {
        await using var server = await StartAsync(ServiceCatalog.Greet, style, NetEndPoint.Tcp("127.0.0.1", 0));

        var output = await RunClientAsync("seed000_greeting_client.py", server, string.Empty);

        Assert.Equal("Thank you for connecting\r\n\n", output);
    }

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task Seed003ClientGetsATimestampForEachLine(ServiceStyle style)
    {
        await using var server = await StartAsync(ServiceCatalog.Timestamp, style, NetEndPoint.Tcp("127.0.0.1", 0));

        var output = await RunClientAsync("seed003_ts_client.py", server, "hello\nworld\n");

        Timestamps.AssertMatches(">>> [{T}] hello\n\n>>> [{T}] world\n\n>>> ", output);
    }

    [PythonTheory]
    [MemberData(nameof(Styles))]
    public async Task Seed003ThreadingClientsAreServedWhileOthersStayConnected(ServiceStyle style)
    {
        await using var server = await StartAsync(ServiceCatalog.Timestamp, style, NetEndPoint.Tcp("127.0.0.1", 0));
        var port = server.EndPoints[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var first = PythonRuntime.StartInterop("seed003_threading_client.py", "127.0.0.1", port);
        await using var second = PythonRuntime.StartInterop("seed003_threading_client.py", "127.0.0.1", port);

        await first.WriteInputAsync("a1\n");
        await first.WaitForOutputAsync(new(@"\] a1\n"), TestTimeouts.Exchange);
        await second.WriteInputAsync("b1\n\nb2\n");  // the seed's client skips the empty line
        await second.WaitForOutputAsync(new(@"\] b2\n"), TestTimeouts.Exchange);
        await first.WriteInputAsync("a2\n");
        first.CloseInput();
        second.CloseInput();

        Assert.Equal(0, await first.WaitForExitAsync(TestTimeouts.Exchange));
        Assert.Equal(0, await second.WaitForExitAsync(TestTimeouts.Exchange));
        Timestamps.AssertMatches(">>> [{T}] a1\n\n>>> [{T}] a2\n\n>>> ", first.Output);
        Timestamps.AssertMatches(">>> [{T}] b1\n\n>>> >>> [{T}] b2\n\n>>> ", second.Output);
    }

    internal static async Task<NetServer> StartAsync(ServiceDefinition service, ServiceStyle style, NetEndPoint endpoint, NetServerOptions? options = null)
    {
        var server = new NetServer(options);
        if (endpoint.IsStream)
        {
            server.Listen(endpoint, service.CreateStreamApplication(style));
        }
        else
        {
            server.Listen(endpoint, service.CreateDatagramApplication(style));
        }

        await server.StartAsync().WaitAsync(TestTimeouts.Await);
        return server;
    }

    private static async Task<string> RunClientAsync(string program, NetServer server, string input)
    {
        var port = server.EndPoints[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var client = PythonRuntime.StartInterop(program, "127.0.0.1", port);
        await client.WriteInputAsync(input);
        client.CloseInput();
        var exitCode = await client.WaitForExitAsync(TestTimeouts.Exchange);
        Assert.True(exitCode == 0, client.Transcript());
        return client.Output;
    }
}
