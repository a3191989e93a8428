using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Netwright.Cli;

namespace Netwright.Cli.Tests;

public sealed class InfoCommandTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ServiceNameGivesItsPort()
    {
        var result = await RunAsync("info", "service", "http");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^port\s+80$", result.Out);
        Assert.Matches(@"(?m)^service\s+http$", result.Out);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task PortGivesItsServiceName()
    {
        var result = await RunAsync("info", "service", "53", "--udp");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^service\s+domain$", result.Out);
        Assert.Matches(@"(?m)^protocol\s+udp$", result.Out);
    }

    [Fact]
    public async Task AliasResolvesToTheOfficialName()
    {
        var result = await RunAsync("info", "service", "www");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^service\s+http$", result.Out);
    }

    [Fact]
    public async Task UnknownServiceExitsWithItsCodeAndOneLine()
    {
        var result = await RunAsync("info", "service", "no-such-service-xyz");

        Assert.Equal(ExitCodes.UnknownService, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(Lines(result.Error));
        Assert.Contains("'no-such-service-xyz'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortOutOfRangeIsAUsageError()
    {
        var result = await RunAsync("info", "service", "70000");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'70000' is not a port number 0-65535", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceJsonParses()
    {
        var result = await RunAsync("info", "service", "ssh", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(22, json.RootElement.GetProperty("port").GetInt32());
        Assert.Equal("tcp", json.RootElement.GetProperty("protocol").GetString());
    }

    [Fact]
    public async Task HostLocalhostListsLoopbackAddresses()
    {
        var result = await RunAsync("info", "host", "localhost");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^canonical name\s+\S+", result.Out);
        Assert.Matches(@"(?m)^AF_INET6?\s+SOCK_STREAM\s+tcp\s+(127\.0\.0\.1|::1)\b", result.Out);
        Assert.Contains("SOCK_DGRAM", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostJsonParses()
    {
        var result = await RunAsync("info", "host", "127.0.0.1", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var addresses = json.RootElement.GetProperty("addresses").EnumerateArray().ToList();
        Assert.Equal(2, addresses.Count);
        Assert.All(addresses, a => Assert.Equal("127.0.0.1", a.GetProperty("address").GetString()));
        Assert.All(addresses, a => Assert.Equal("AF_INET", a.GetProperty("family").GetString()));
    }

    [Fact]
    public async Task InvalidHostExitsWithHostNotFound()
    {
        var result = await RunAsync("info", "host", "host.invalid");

        Assert.Equal(ExitCodes.HostNotFound, result.ExitCode);
        Assert.Contains("'host.invalid'", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MachineInfoShowsHostNameAndLoopbackInterface()
    {
        var result = await RunAsync("info");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^host name\s+\S+", result.Out);
        Assert.Contains("127.0.0.1/8", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MachineJsonParses()
    {
        var result = await RunAsync("info", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("hostName").GetString()));
        Assert.Contains(
            json.RootElement.GetProperty("interfaces").EnumerateArray(),
            i => i.GetProperty("addresses").EnumerateArray().Any(a => a.GetString() == "127.0.0.1/8"));
    }

    [Fact]
    public async Task EndpointInfoPrintsLocalAndPeerAddressesAndOptions()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var result = await RunAsync("info", $"127.0.0.1:{port}");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches($@"(?m)^peer address\s+127\.0\.0\.1:{port}\s+\(getpeername\)$", result.Out);
        Assert.Matches(@"(?m)^local address\s+127\.0\.0\.1:\d+\s+\(getsockname\)$", result.Out);
        Assert.Matches(@"(?m)^connect time\s+\d+\.\d{3} ms$", result.Out);
        Assert.Matches(@"(?m)^no-delay \(TCP_NODELAY\)\s+(on|off)$", result.Out);
        Assert.Matches(@"(?m)^receive buffer \(SO_RCVBUF\)\s+\d+ bytes$", result.Out);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task EndpointJsonParses()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var result = await RunAsync("info", $"tcp://127.0.0.1:{port}", "--json", "--timeout", "10");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal($"127.0.0.1:{port}", json.RootElement.GetProperty("peerAddress").GetString());
        Assert.Equal(JsonValueKind.False, json.RootElement.GetProperty("options").GetProperty("reuseAddress").ValueKind);
        Assert.True(json.RootElement.GetProperty("options").GetProperty("sendBufferSize").GetInt32() > 0);
    }

    [UnixSocketFact]
    public async Task UnixEndpointInfoPrintsThePath()
    {
        var directory = Directory.CreateTempSubdirectory("netwright-info-");
        var path = Path.Combine(directory.FullName, "s.sock");
        try
        {
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();

            var result = await RunAsync("info", $"unix://{path}");

            Assert.Equal(0, result.ExitCode);
            Assert.Matches($@"(?m)^peer address\s+{System.Text.RegularExpressions.Regex.Escape(path)}\s+\(getpeername\)$", result.Out);
            Assert.Matches(@"(?m)^local address\s+\(unnamed\)", result.Out);
            Assert.Matches(@"(?m)^no-delay \(TCP_NODELAY\)\s+n/a$", result.Out);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RefusedConnectionExitsWithItsCodeAndOneLine()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var result = await RunAsync("info", $"127.0.0.1:{port}");

        Assert.Equal(ExitCodes.ConnectionRefused, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(Lines(result.Error));
        Assert.Equal($"netwright info: connect tcp://127.0.0.1:{port}: connection refused (nobody is listening)", line);
    }

    [Fact]
    public async Task UdpEndpointInfoPrintsThePeer()
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)peer.LocalEndPoint!).Port;

        var result = await RunAsync("info", $"udp://127.0.0.1:{port}");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^family\s+AF_INET SOCK_DGRAM$", result.Out);
        Assert.Matches($@"(?m)^peer address\s+127\.0\.0\.1:{port}\s", result.Out);
        Assert.Matches(@"(?m)^keep-alive \(SO_KEEPALIVE\)\s+n/a$", result.Out);
    }

    [UnixSocketFact]
    public async Task UnixPathWithoutASocketIsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"netwright-none-{Guid.NewGuid():N}.sock");

        var result = await RunAsync("info", $"unix://{path}");

        Assert.Equal(ExitCodes.ConnectionRefused, result.ExitCode);
        Assert.Equal($"netwright info: connect unix://{path}: no server at that address", Assert.Single(Lines(result.Error)));
    }

    [Fact]
    public async Task BadEndpointIsAUsageErrorWithAHint()
    {
        var result = await RunAsync("info", "localhost");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.Contains("'localhost' is not an endpoint", line, StringComparison.Ordinal);
        Assert.Contains("netwright info host localhost", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownServiceInAnEndpointExitsWithItsCode()
    {
        var result = await RunAsync("info", "127.0.0.1:no-such-service-xyz");

        Assert.Equal(ExitCodes.UnknownService, result.ExitCode);
        Assert.Single(Lines(result.Error));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task NonPositiveTimeoutIsAUsageError(string timeout)
    {
        var result = await RunAsync("info", "127.0.0.1:9", "--timeout", timeout);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--timeout must be a positive number", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("info", "host")]
    [InlineData("info", "service")]
    public async Task HelpShowsExamples(params string[] command)
    {
        var result = await RunAsync([.. command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Examples:", result.Out, StringComparison.Ordinal);
        Assert.Contains("netwright " + string.Join(' ', command), result.Out, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cts = new CancellationTokenSource(TestTimeout);
        var code = await NetwrightApp.RunAsync(args, new CliConsole(output, error, Stream.Null, false), cts.Token)
            .WaitAsync(TestTimeout);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record CliResult(int ExitCode, string Out, string Error);
}

/// <summary>A fact that is skipped, with a reason, where Unix-domain sockets are unsupported.</summary>
file sealed class UnixSocketFactAttribute : FactAttribute
{
    public UnixSocketFactAttribute()
    {
        if (!Socket.OSSupportsUnixDomainSockets)
        {
            Skip = "Unix-domain sockets are not supported on this platform.";
        }
    }
}
