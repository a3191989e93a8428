using System.Net;
using System.Net.Sockets;
using Netwright.Cli.Tests.Support;

namespace Netwright.Cli.Tests;

/// <summary>The <c>serve</c> options that guard a public server: access control files and flags, buffer limits.</summary>
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

    [Theory]
    [InlineData("--allow", "10.0.0.0/abc")]
    [InlineData("--deny-file", "/nonexistent/netwright-deny.txt")]
    [InlineData("--max-connections-per-address", "-1")]
    [InlineData("--max-connection-rate", "-1")]
    [InlineData("--max-write-buffer", "10")]
    public async Task ABadLimitIsAUsageErrorWithOneLine(string option, string value)
    {
        var result = await CliRunner.RunAsync("serve", "echo", "--tcp", "0", option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(option, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
