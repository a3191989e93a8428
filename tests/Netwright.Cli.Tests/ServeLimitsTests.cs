using System.Net;
using System.Net.Sockets;
using Netwright.Cli.Tests.Support;

namespace Netwright.Cli.Tests;

/// <summary>The <c>serve</c> options that guard a public server: access control files and flags, buffer limits, timeouts.</summary>
public sealed class ServeLimitsTests
{
    [Fact]
    public async Task ADenyFileWithCommentsRefusesItsNetworks()
    {
        var file = Path.Combine(Path.GetTempPath(), $"netwright-deny-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "# loopback is not welcome\n\n127.0.0.0/8   # all of it\n2001:db8::/32\n");
        try
        {
            await using var serve = await ServeHost.StartAsync("greet", "--tcp", "0", "--deny-file", file);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, serve.EndPoints[0].Port)).WaitAsync(CliRunner.Timeout);

            await serve.Error.WaitForLineAsync(@"rejected: the address is not allowed", CliRunner.Timeout);
            Assert.Equal(ExitCodes.Success, await serve.StopAsync());
            Assert.DoesNotMatch(@"(?m)^\.\.\.connected from: ", serve.Error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnAllowedNetworkIsServed()
    {
        await using var serve = await ServeHost.StartAsync("timestamp", "--tcp", "0", "--allow", "127.0.0.1", "--allow", "::1", "--max-connections-per-address", "4", "--max-connection-rate", "50");

        var result = await CliRunner.RunAsync(["connect", serve.EndPoints[0].ToString()], "one\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("] one\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineTrickledPastTheMessageTimeoutGetsAnErrorLineThenAClose()
    {
        await using var serve = await ServeHost.StartAsync("timestamp", "--tcp", "0", "--message-timeout", "1");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, serve.EndPoints[0].Port)).WaitAsync(CliRunner.Timeout);
        using var stop = new CancellationTokenSource(CliRunner.Timeout);
        // A byte every 10 ms: never the 50 ms of silence after which text without a newline is answered as a line.
        var trickle = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && await client.SendAsync("x"u8.ToArray(), SocketFlags.None) == 1)
            {
                await Task.Delay(10);
            }
        });
        using var reader = new StreamReader(new NetworkStream(client, ownsSocket: false));

        // A loaded machine may pause the trickle past 50 ms: that text is answered as a line and the next one is timed.
        string? line;
        while ((line = await reader.ReadLineAsync(stop.Token)) is not null && line.StartsWith('['))
        {
        }

        Assert.Equal("error: line not finished within 1 s", line);
        Assert.Null(await reader.ReadLineAsync(stop.Token));
        await stop.CancelAsync();
        try
        {
            await trickle.WaitAsync(CliRunner.Timeout);
        }
        catch (SocketException)
        {
            // The server closed the connection while a byte was on its way: the close this test expects.
        }

        await serve.Error.WaitForLineAsync(@"sent bad data: line not finished within 1 s", CliRunner.Timeout);
    }

    [Theory]
    [InlineData("--allow", "10.0.0.0/abc")]
    [InlineData("--deny-file", "/nonexistent/netwright-deny.txt")]
    [InlineData("--max-connections-per-address", "-1")]
    [InlineData("--max-connection-rate", "-1")]
    [InlineData("--max-datagram-rate", "-1")]
    [InlineData("--datagram-receive-buffer", "-1")]
    [InlineData("--max-write-buffer", "10")]
    [InlineData("--message-timeout", "-1")]
    [InlineData("--write-timeout", "-1")]
    [InlineData("--idle-timeout", "-1")]
    public async Task ABadLimitIsAUsageErrorWithOneLine(string option, string value)
    {
        var result = await CliRunner.RunAsync("serve", "echo", "--tcp", "0", option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(option, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
