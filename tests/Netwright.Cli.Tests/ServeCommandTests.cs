using System.Net;
using System.Net.Sockets;
using Netwright.Cli.Tests.Support;
using Netwright.Transport;

namespace Netwright.Cli.Tests;

/// <summary><c>netwright serve</c> in-process: every service in both styles, on several transports at once, and its failures.</summary>
public sealed class ServeCommandTests
{
    private const string Stamp = @"\[\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\]";

    [UnixSocketTheory]
    [InlineData("timestamp", "handler")]
    [InlineData("timestamp", "event")]
    [InlineData("echo", "handler")]
    [InlineData("echo", "event")]
    [InlineData("greet", "handler")]
    [InlineData("greet", "event")]
    public async Task EveryServiceAnswersOnTcpUdpAndUnixAtOnce(string service, string style)
    {
        using var socketPath = new TempSocketPath();
        await using var serve = await ServeHost.StartAsync(service, "--tcp", "0", "--udp", "0", "--unix", socketPath.Path, "--style", style);
        Assert.Equal(3, serve.EndPoints.Count);
        Assert.Contains($"{service} ({style} style) waiting for connection... on tcp://127.0.0.1:", serve.Error.ToString(), StringComparison.Ordinal);

        foreach (var kind in new[] { TransportKind.Tcp, TransportKind.Unix, TransportKind.Udp })
        {
            var endpoint = serve.EndPoint(kind).ToString();
            // Greet answers once per connection; the others answer every line.
            var input = service == "greet" && kind != TransportKind.Udp ? "" : "one\ntwo\n";
            var result = await CliRunner.RunAsync(["connect", endpoint], input);

            Assert.True(result.ExitCode == 0, $"{kind}: {result}");
            Assert.True(string.IsNullOrEmpty(result.Error), $"{kind}: {result}");
            AssertReplies(service, kind, result.Out);
        }

        Assert.Equal(0, await serve.StopAsync());
        Assert.Matches(@"(?m)^\.\.\.connected from: 127\.0\.0\.1:\d+$", serve.Error.ToString());
    }

    [Theory]
    [InlineData("handler", "tcp")]
    [InlineData("event", "tcp")]
    [InlineData("handler", "udp")]
    [InlineData("event", "udp")]
    public async Task TextWithoutATrailingNewlineStillGetsItsReply(string style, string transport)
    {
        await using var serve = await ServeHost.StartAsync("timestamp", $"--{transport}", "0", "--style", style);

        var result = await CliRunner.RunAsync(["connect", serve.EndPoints[0].ToString()], "one\ntwo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"^{Stamp} one\n{Stamp} two\n$", result.Out);
    }

    [UnixSocketFact]
    public async Task UnixTextWithoutATrailingNewlineStillGetsItsReply()
    {
        using var socketPath = new TempSocketPath();
        await using var serve = await ServeHost.StartAsync("timestamp", "--unix", socketPath.Path);

        var result = await CliRunner.RunAsync(["connect", $"unix://{socketPath.Path}"], "no newline");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"^{Stamp} no newline\n$", result.Out);
    }

    [UnixSocketFact]
    public async Task StoppingReturnsZeroAndRemovesTheUnixSocketFile()
    {
        using var socketPath = new TempSocketPath();
        await using var serve = await ServeHost.StartAsync("echo", "--unix", socketPath.Path, "--unixgram", socketPath.Path + "g");
        Assert.True(File.Exists(socketPath.Path));
        Assert.True(File.Exists(socketPath.Path + "g"));

        Assert.Equal(ExitCodes.Success, await serve.StopAsync());

        Assert.False(File.Exists(socketPath.Path), "the stream socket file is left behind");
        Assert.False(File.Exists(socketPath.Path + "g"), "the datagram socket file is left behind");
        Assert.Matches(@"(?m)^stopped$", serve.Error.ToString());
    }

    [Fact]
    public async Task StoppingWaitsForAnOpenConnectionAndStillReturnsZero()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tcp", "0", "--shutdown-timeout", "0.2");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, serve.EndPoints[0].Port)).WaitAsync(CliRunner.Timeout);
        await serve.Error.WaitForLineAsync(@"^\.\.\.connected from: ", CliRunner.Timeout);

        Assert.Equal(ExitCodes.Success, await serve.StopAsync());
        Assert.Matches(@"(?m)^stopping: waiting up to 0\.2 s for 1 open connection\(s\)$", serve.Error.ToString());
    }

    [LinuxFact]
    public async Task EchoAnswersOverTcpAndUnixOnTheEpollEngine()
    {
        using var socketPath = new TempSocketPath();
        await using var serve = await ServeHost.StartAsync("echo", "--tcp", "0", "--unix", socketPath.Path, "--engine", "epoll");

        foreach (var kind in new[] { TransportKind.Tcp, TransportKind.Unix })
        {
            var result = await CliRunner.RunAsync(["connect", serve.EndPoint(kind).ToString()], "one\ntwo\n");

            Assert.True(result.ExitCode == 0, $"{kind}: {result}");
            AssertReplies("echo", kind, result.Out);
        }

        Assert.Equal(ExitCodes.Success, await serve.StopAsync());
    }

    [LinuxFact]
    public async Task EchoAnswersOnTheEpollEngineWithTwoReactors()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tcp", "0", "--engine", "epoll", "--reactors", "2");

        var result = await CliRunner.RunAsync(["connect", serve.EndPoint(TransportKind.Tcp).ToString()], "one\ntwo\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertReplies("echo", TransportKind.Tcp, result.Out);
        Assert.Equal(ExitCodes.Success, await serve.StopAsync());
    }

    [Fact]
    public async Task ReactorCountBelowOneIsAUsageError()
    {
        var result = await CliRunner.RunAsync("serve", "echo", "--tcp", "0", "--engine", "epoll", "--reactors", "0");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--reactors must be 1 to", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatInTheHandlerStyleIsAUsageErrorNotASilentEventStyle()
    {
        var result = await CliRunner.RunAsync("serve", "chat", "--tcp", "0", "--style", "handler");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("chat runs in the event style only", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEngineIsAUsageError()
    {
        var result = await CliRunner.RunAsync("serve", "echo", "--tcp", "0", "--engine", "kqueue");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("kqueue", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task UnknownServiceIsRejectedWithAClearLine()
    {
        var result = await CliRunner.RunAsync("serve", "no-such-service", "--tcp", "0");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal("netwright: unknown service 'no-such-service': expected one of timestamp, echo, greet, chat", Assert.Single(result.ErrorLines));
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("--tcp", "127.0.0.1:99999")]
    [InlineData("--tcp", "not a host:80")]
    [InlineData("--udp", "127.0.0.1:-1")]
    public async Task BadListenEndpointIsAUsageErrorWithOneLine(string option, string value)
    {
        var result = await CliRunner.RunAsync("serve", "echo", option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task PortInUseExitsWithBindFailedAndOneClearLine()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        var result = await CliRunner.RunAsync("serve", "echo", "--tcp", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == ExitCodes.BindFailed, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("netwright: cannot serve echo: ", line, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("in use", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [UnixSocketFact]
    public async Task MissingDirectoryForUnixExitsWithBindFailed()
    {
        var path = $"/tmp/nwcli-missing-{Guid.NewGuid():N}/x.sock";

        var result = await CliRunner.RunAsync("serve", "echo", "--unix", path);

        Assert.True(result.ExitCode == ExitCodes.BindFailed, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [UnixSocketFact]
    public async Task AStaleUnixSocketFileIsReplaced()
    {
        using var socketPath = new TempSocketPath();
        CreateStaleSocketFile(socketPath.Path);
        Assert.True(File.Exists(socketPath.Path), "the stale socket file was not created");

        await using var serve = await ServeHost.StartAsync("echo", "--unix", socketPath.Path);
        var result = await CliRunner.RunAsync(["connect", $"unix://{socketPath.Path}"], "still works\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("still works\n", result.Out);
    }

    [UnixSocketFact]
    public async Task ALiveUnixSocketIsNotStolen()
    {
        using var socketPath = new TempSocketPath();
        await using var first = await ServeHost.StartAsync("echo", "--unix", socketPath.Path);

        var result = await CliRunner.RunAsync("serve", "echo", "--unix", socketPath.Path);

        Assert.True(result.ExitCode == ExitCodes.BindFailed, result.ToString());
        Assert.Contains("another server is listening", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        var stillServed = await CliRunner.RunAsync(["connect", $"unix://{socketPath.Path}"], "first\n");
        Assert.Equal("first\n", stillServed.Out);
    }

    /// <summary>Leaves a socket file nobody listens on, as a crashed server does.</summary>
    private static void CreateStaleSocketFile(string path)
    {
        // .NET deletes the file of a socket it bound when that socket is disposed, so bind elsewhere and
        // rename: the file keeps its socket type, and the socket no longer knows the new name.
        var bound = path + ".bound";
        using var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        crashed.Bind(new UnixDomainSocketEndPoint(bound));
        File.Move(bound, path);
    }

    private static void AssertReplies(string service, TransportKind kind, string output)
    {
        switch (service)
        {
            case "timestamp":
                Assert.Matches($@"^{Stamp} one\n{Stamp} two\n$", output);
                break;
            case "echo":
                Assert.Equal("one\ntwo\n", output);
                break;
            default:
                var greetings = kind == TransportKind.Udp ? 2 : 1;
                Assert.Equal(string.Concat(Enumerable.Repeat("Thank you for connecting\r\n", greetings)), output);
                break;
        }
    }
}
