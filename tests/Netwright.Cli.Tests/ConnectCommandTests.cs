using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Netwright.Cli.Tests.Support;
using Netwright.Transport;

namespace Netwright.Cli.Tests;

/// <summary><c>netwright connect</c> in-process against an in-process <c>serve</c>: prompts, datagrams and every failure's exit code.</summary>
public sealed class ConnectCommandTests
{
    private const string Stamp = @"\[\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\]";

    [Fact]
    public async Task UdpPrintsOneReplyPerLine()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--udp", "0");

        var result = await CliRunner.RunAsync(["connect", serve.EndPoint(TransportKind.Udp).ToString()], "a\nbb\n\nccc\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        // The empty line is an empty datagram, answered by an empty one: still one line of output.
        Assert.Equal("a\nbb\n\nccc\n", result.Out);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task RepliesArePrintedWhileStdinIsStillOpen(string transport)
    {
        await using var serve = await ServeHost.StartAsync("timestamp", $"--{transport}", "0");
        var stdin = new Pipe();
        using var output = new SignalingWriter();
        using var error = new SignalingWriter();
        using var cts = new CancellationTokenSource(CliRunner.Timeout);
        var console = new CliConsole(output, error, stdin.Reader.AsStream(), InputIsTerminal: false);
        var run = Task.Run(() => NetwrightApp.RunAsync(["connect", serve.EndPoints[0].ToString()], console, cts.Token));

        await stdin.Writer.WriteAsync("first\n"u8.ToArray());
        await output.WaitForLineAsync($@"^{Stamp} first$", CliRunner.Timeout);
        await stdin.Writer.WriteAsync("second\n"u8.ToArray());
        await output.WaitForLineAsync($@"^{Stamp} second$", CliRunner.Timeout);
        Assert.False(run.IsCompleted, "connect ended before its input did");
        await stdin.Writer.CompleteAsync();

        Assert.Equal(0, await run.WaitAsync(CliRunner.Timeout));
        Assert.Matches($@"^{Stamp} first\n{Stamp} second\n$", output.ToString());
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task UdpTimestampRepliesComeInOrder()
    {
        await using var serve = await ServeHost.StartAsync("timestamp", "--udp", "0", "--style", "event");

        var result = await CliRunner.RunAsync(["connect", serve.EndPoint(TransportKind.Udp).ToString()], "1\n2\n3\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"^{Stamp} 1\n{Stamp} 2\n{Stamp} 3\n$", result.Out);
    }

    [Fact]
    public async Task InteractiveTcpShowsAPromptBeforeEachLineAndTheReplyAfterIt()
    {
        await using var serve = await ServeHost.StartAsync("timestamp", "--tcp", "0");

        var result = await CliRunner.RunAsync(["connect", "-i", "--reply-timeout", "10", serve.EndPoints[0].ToString()], "hello\nworld\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        // The person's own Enter is echoed by the terminal, not by us: here the output ends at the last prompt.
        Assert.Matches($@"^> {Stamp} hello\n> {Stamp} world\n> $", result.Out);
    }

    [Fact]
    public async Task AnEmptyLineEndsAnInteractiveSession()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tcp", "0");

        var result = await CliRunner.RunAsync(["connect", "--reply-timeout", "10", serve.EndPoints[0].ToString()], "first\n\nnever sent\n", terminal: true);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("> first\n> ", result.Out);
    }

    [Fact]
    public async Task InteractiveUdpShowsPrompts()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--udp", "0");

        var result = await CliRunner.RunAsync(["connect", "--interactive", "--reply-timeout", "10", serve.EndPoint(TransportKind.Udp).ToString()], "ping\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("> ping\n> ", result.Out);
    }

    [Fact]
    public async Task ARequestWithoutAReplyTimesOutOverUdp()
    {
        // A bound UDP socket that never answers.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;

        var result = await CliRunner.RunAsync(["connect", $"udp://127.0.0.1:{port}", "--reply-timeout", "0.2"], "anyone?\n");

        Assert.True(result.ExitCode == ExitCodes.TimedOut, result.ToString());
        Assert.Contains("no reply from", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipedInputToGreetStillPrintsTheGreeting()
    {
        await using var serve = await ServeHost.StartAsync("greet", "--tcp", "0");

        var result = await CliRunner.RunAsync(["connect", serve.EndPoints[0].ToString()], "ignored\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Thank you for connecting\r\n", result.Out);
    }

    [Theory]
    [InlineData("handler")]
    [InlineData("event")]
    public async Task RedirectedOutputIsByteExact(string style)
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tcp", "0", "--style", style);
        byte[] payload = [0xFF, 0x00, (byte)'\r', (byte)'\n', 0xE2, 0x82, (byte)'t', (byte)'a', (byte)'i', (byte)'l'];

        var (code, output, error) = await CliRunner.RunRawAsync(["connect", serve.EndPoints[0].ToString()], payload);

        Assert.True(code == 0, error);
        Assert.Equal(payload, output);
    }

    [Fact]
    public async Task TerminalOutputEndsTheLastLine()
    {
        await using var serve = await ServeHost.StartAsync("echo", "--tcp", "0");

        var result = await CliRunner.RunAsync(["connect", serve.EndPoints[0].ToString()], "no newline");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("no newline\n", result.Out);
    }

    [Theory]
    [InlineData("127.0.0.1:99999")]
    [InlineData("tcp://[::1")]
    [InlineData("ftp://example.com:21")]
    [InlineData("127.0.0.1")]
    public async Task BadEndpointIsAUsageErrorWithOneLine(string endpoint)
    {
        var result = await CliRunner.RunAsync("connect", endpoint);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("netwright: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task BadOptionValueIsAUsageError()
    {
        var result = await CliRunner.RunAsync("connect", "127.0.0.1:9", "--timeout", "-1");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--timeout must be a positive number of seconds", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedConnectionExitsWithFour()
    {
        // Bound but not listening: the kernel answers a connect with a reset.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        var result = await CliRunner.RunAsync("connect", $"127.0.0.1:{port}");

        Assert.True(result.ExitCode == ExitCodes.ConnectionRefused, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [UnixSocketFact]
    public async Task UnixPathWithNoServerIsRefused()
    {
        using var socketPath = new TempSocketPath();

        var result = await CliRunner.RunAsync("connect", $"unix://{socketPath.Path}");

        Assert.True(result.ExitCode == ExitCodes.ConnectionRefused, result.ToString());
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public async Task UnknownHostExitsWithFive()
    {
        var result = await CliRunner.RunAsync("connect", "no-such-host.invalid:80", "--timeout", "15");

        Assert.True(result.ExitCode == ExitCodes.HostNotFound, result.ToString());
        Assert.Contains("no-such-host.invalid", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownServiceNameAsPortExitsWithEight()
    {
        var result = await CliRunner.RunAsync("connect", "127.0.0.1:no-such-service-xyz");

        Assert.True(result.ExitCode == ExitCodes.UnknownService, result.ToString());
        Assert.Contains("no-such-service-xyz", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
