using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netwright.Cli.Tests.Support;
using Netwright.Transport;

namespace Netwright.Cli.Tests;

/// <summary>The built command as a real process: real stdin/stdout pipes, real exit codes, a real SIGTERM.</summary>
public sealed class CliProcessTests
{
    private const string Ready = @"waiting for connection\.\.\. on (?<endpoints>.+)$";
    private const string Stamp = @"\[\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\]";

    [Fact]
    public async Task ServeAndPipedConnectWorkAsProcesses()
    {
        await using var serve = CliProcess.Start("serve", "timestamp", "--tcp", "0");
        var endpoint = await ReadyEndpointAsync(serve);

        await using var connect = CliProcess.Start("connect", endpoint.ToString());
        await connect.WriteInputAndCloseAsync("one\ntwo");
        var result = await connect.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"^{Stamp} one\n{Stamp} two\n$", result.Out);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task PipedEchoIsByteExact()
    {
        await using var serve = CliProcess.Start("serve", "echo", "--tcp", "0", "--style", "event");
        var endpoint = await ReadyEndpointAsync(serve);
        byte[] payload = [0x00, 0xFF, 0xFE, (byte)'\r', (byte)'\n', 0xC3, (byte)'x', (byte)'\n', (byte)'e', (byte)'n', (byte)'d'];

        await using var connect = CliProcess.Start("connect", endpoint.ToString());
        await connect.WriteInputAndCloseAsync(payload);
        var result = await connect.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(payload, result.OutBytes);
    }

    [Fact]
    public async Task BadEndpointExitsWithTwoAndOneLine()
    {
        await using var connect = CliProcess.Start("connect", "127.0.0.1:99999");
        await connect.WriteInputAndCloseAsync("");
        var result = await connect.WaitForExitAsync();

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("99999", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task PortInUseExitsWithThreeAndOneLine()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        await using var serve = CliProcess.Start("serve", "echo", "--tcp", port);
        var result = await serve.WaitForExitAsync();

        Assert.True(result.ExitCode == ExitCodes.BindFailed, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("in use", line, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("--tcp", "epoll")]
    [InlineData("--udp", "epoll")]
    [InlineData("--tcp", "sockets")]
    [InlineData("--udp", "sockets")]
    public async Task ASecondServeOnTheSamePortExitsWithThreeAndOneLine(string listener, string engine)
    {
        await using var first = CliProcess.Start("serve", "greet", listener, "0", "--engine", engine);
        var port = (await ReadyEndpointAsync(first)).Port.ToString(CultureInfo.InvariantCulture);

        await using var second = CliProcess.Start("serve", "greet", listener, port, "--engine", engine);
        var result = await second.WaitForExitAsync();

        Assert.True(result.ExitCode == ExitCodes.BindFailed, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("in use", line, StringComparison.OrdinalIgnoreCase);
    }

    [PosixFact]
    public async Task SigtermStopsServeGracefullyWithExitZero()
    {
        using var socketPath = new TempSocketPath();
        await using var serve = CliProcess.Start("serve", "echo", "--tcp", "0", "--unix", socketPath.Path, "--shutdown-timeout", "1");
        var endpoint = await ReadyEndpointAsync(serve);
        // An open, idle connection: the graceful stop must close it rather than hang.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endpoint.Port)).WaitAsync(CliProcess.Timeout);
        await serve.Error.WaitForLineAsync(@"^\.\.\.connected from: ", CliProcess.Timeout);

        await serve.SendTerminateAsync();
        var result = await serve.WaitForExitAsync();

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"(?m)^stopping: waiting up to 1 s for 1 open connection\(s\)$", result.Error);
        Assert.Matches(@"(?m)^stopped$", result.Error);
        Assert.False(File.Exists(socketPath.Path), "the Unix socket file is left behind");
    }

    [PosixFact]
    public async Task ASigtermDeliveredTwiceAtOnceStillStopsGracefully()
    {
        await using var serve = CliProcess.Start("serve", "echo", "--tcp", "0", "--shutdown-timeout", "1");
        await ReadyEndpointAsync(serve);

        await serve.SendTerminateAsync(times: 2);
        var result = await serve.WaitForExitAsync();

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"(?m)^stopped$", result.Error);
    }

    private static async Task<NetEndPoint> ReadyEndpointAsync(CliProcess serve)
    {
        var match = await serve.Error.WaitForLineAsync(Ready, CliProcess.Timeout);
        return NetEndPoint.Parse(match.Groups["endpoints"].Value.Split(", ")[0]);
    }
}
