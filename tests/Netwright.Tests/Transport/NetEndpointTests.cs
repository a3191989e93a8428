using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport;

namespace Netwright.Tests.Transport;

public sealed class NetEndpointTests
{
    [Theory]
    [InlineData("tcp://127.0.0.1:21567", TransportKind.Tcp, "127.0.0.1", 21567)]
    [InlineData("udp://127.0.0.1:53", TransportKind.Udp, "127.0.0.1", 53)]
    [InlineData("TCP://Example.com:80", TransportKind.Tcp, "Example.com", 80)]
    [InlineData("localhost:8088", TransportKind.Tcp, "localhost", 8088)]
    [InlineData("[::1]:9000", TransportKind.Tcp, "::1", 9000)]
    [InlineData("udp://[::1]:9000", TransportKind.Udp, "::1", 9000)]
    [InlineData("tcp://[fe80::1%2]:22", TransportKind.Tcp, "fe80::1%2", 22)]
    [InlineData("  10.0.0.1:0  ", TransportKind.Tcp, "10.0.0.1", 0)]
    [InlineData("host:65535", TransportKind.Tcp, "host", 65535)]
    public void IpFormsParseToKindHostAndPort(string text, TransportKind kind, string host, int port)
    {
        var endpoint = NetEndpoint.Parse(text);

        Assert.Equal(kind, endpoint.Kind);
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Null(endpoint.Path);
        Assert.False(endpoint.IsUnix);
    }

    [Fact]
    public void BareHostPortTakesTheDefaultKind()
    {
        var endpoint = NetEndpoint.Parse("127.0.0.1:21567", TransportKind.Udp);

        Assert.Equal(TransportKind.Udp, endpoint.Kind);
        Assert.True(endpoint.IsDatagram);
        Assert.False(endpoint.IsStream);
    }

    [Theory]
    [InlineData("unix:///tmp/x.sock", TransportKind.Unix, "/tmp/x.sock")]
    [InlineData("unix:relative/path.sock", TransportKind.Unix, "relative/path.sock")]
    [InlineData("unixgram:///tmp/d.sock", TransportKind.UnixDatagram, "/tmp/d.sock")]
    [InlineData("unixgram:d.sock", TransportKind.UnixDatagram, "d.sock")]
    public void UnixFormsParseToPath(string text, TransportKind kind, string path)
    {
        var endpoint = NetEndpoint.Parse(text);

        Assert.Equal(kind, endpoint.Kind);
        Assert.Equal(path, endpoint.Path);
        Assert.Null(endpoint.Host);
        Assert.Equal(0, endpoint.Port);
        Assert.True(endpoint.IsUnix);
        Assert.Equal(kind == TransportKind.Unix, endpoint.IsStream);
    }

    [Fact]
    public void BareTextIsAPathWhenTheDefaultKindIsUnix()
    {
        Assert.Equal(NetEndpoint.Unix("/run/a.sock"), NetEndpoint.Parse("/run/a.sock", TransportKind.Unix));
        Assert.Equal(NetEndpoint.UnixDatagram("b.sock"), NetEndpoint.Parse("b.sock", TransportKind.UnixDatagram));
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:21567")]
    [InlineData("udp://[::1]:9000")]
    [InlineData("unix:///tmp/x.sock")]
    [InlineData("unixgram:///tmp/x.sock")]
    [InlineData("unix:rel/x.sock")]
    [InlineData("tcp://example.com:0")]
    public void CanonicalTextRoundTrips(string text)
    {
        var endpoint = NetEndpoint.Parse(text);

        Assert.Equal(text, endpoint.ToString());
        Assert.Equal(endpoint, NetEndpoint.Parse(endpoint.ToString()));
    }

    [Fact]
    public void FactoriesPrintCanonicalText()
    {
        Assert.Equal("tcp://127.0.0.1:21567", NetEndpoint.Tcp("127.0.0.1", 21567).ToString());
        Assert.Equal("udp://[::1]:9000", NetEndpoint.Udp("::1", 9000).ToString());
        Assert.Equal("udp://[::1]:9000", NetEndpoint.Udp("[::1]", 9000).ToString());
        Assert.Equal("unix:///tmp/x.sock", NetEndpoint.Unix("/tmp/x.sock").ToString());
        Assert.Equal("unixgram:///tmp/x.sock", NetEndpoint.UnixDatagram("/tmp/x.sock").ToString());
    }

    [Fact]
    public void EqualityIgnoresHostCaseButNotKindOrPath()
    {
        Assert.Equal(NetEndpoint.Tcp("LocalHost", 80), NetEndpoint.Tcp("localhost", 80));
        Assert.Equal(NetEndpoint.Tcp("LocalHost", 80).GetHashCode(), NetEndpoint.Tcp("localhost", 80).GetHashCode());
        Assert.NotEqual(NetEndpoint.Tcp("localhost", 80), NetEndpoint.Udp("localhost", 80));
        Assert.NotEqual(NetEndpoint.Unix("/a"), NetEndpoint.Unix("/A"));
        Assert.NotEqual(NetEndpoint.Unix("/a"), NetEndpoint.UnixDatagram("/a"));
    }

    [Fact]
    public void IPv6LiteralsHaveOneSpelling()
    {
        Assert.Equal(NetEndpoint.Tcp("::1", 80), NetEndpoint.Parse("[0:0:0:0:0:0:0:1]:80"));
        Assert.Equal("tcp://[2001:db8::1]:80", NetEndpoint.Parse("[2001:DB8:0::1]:80").ToString());
        Assert.Equal("fe80::1%eth0", NetEndpoint.Parse("[fe80::1%eth0]:80").Host);
    }

    [Fact]
    public void FactoriesRejectBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NetEndpoint.Tcp("localhost", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetEndpoint.Udp("localhost", 65536));
        Assert.Throws<ArgumentException>(() => NetEndpoint.Tcp("", 80));
        Assert.Throws<ArgumentException>(() => NetEndpoint.Tcp("bad host", 80));
        Assert.Throws<ArgumentException>(() => NetEndpoint.Tcp("1:2:zz", 80));
        Assert.Throws<ArgumentNullException>(() => NetEndpoint.Unix(null!));
        Assert.Throws<ArgumentException>(() => NetEndpoint.UnixDatagram(""));
    }

    [Theory]
    [InlineData("localhost", "'localhost' is not an endpoint: expected HOST:PORT, [IPv6]:PORT, tcp://, udp://, unix:// or unixgram://")]
    [InlineData("", "no endpoint given")]
    [InlineData("localhost:", "the port is missing")]
    [InlineData(":80", "the host is missing")]
    [InlineData("localhost:70000", "port 70000 is out of range 0-65535")]
    [InlineData("localhost:1234567", "out of range 0-65535")]
    [InlineData("localhost:-1", "'-1' is not a port number or service name")]
    [InlineData("::1:80", "an IPv6 address needs brackets")]
    [InlineData("[::1]80", "expected [IPv6]:PORT")]
    [InlineData("[127.0.0.1]:80", "is not an IPv6 address")]
    [InlineData("http://example.com:80", "unknown scheme 'http'")]
    [InlineData("tcp:example.com:80", "expected tcp://HOST:PORT")]
    [InlineData("unix://relative", "expected unix:///absolute/path")]
    [InlineData("unix:", "the socket path is empty")]
    [InlineData("/tmp/x.sock", "needs unix:// or unixgram://")]
    [InlineData("bad host:80", "'bad host' is not a valid host name")]
    public void BadTextGivesFormatExceptionQuotingTheInput(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => NetEndpoint.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(NetEndpoint.TryParse(text, TransportKind.Tcp, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void TryParseOfNullFailsWithAMessage()
    {
        Assert.False(NetEndpoint.TryParse(null, TransportKind.Tcp, out _, out var error));
        Assert.Contains("no endpoint given", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseSucceedsForGoodText()
    {
        Assert.True(NetEndpoint.TryParse("udp://1.2.3.4:5", TransportKind.Tcp, out var endpoint, out var error));
        Assert.Null(error);
        Assert.Equal(NetEndpoint.Udp("1.2.3.4", 5), endpoint);
    }

    [Fact]
    public void ServiceNamesGiveTheirPorts()
    {
        Assert.Equal(80, NetEndpoint.Parse("localhost:http").Port);
        Assert.Equal(22, NetEndpoint.Parse("tcp://[::1]:ssh").Port);
        Assert.Equal(53, NetEndpoint.Parse("udp://127.0.0.1:domain").Port);
        Assert.Equal(13, NetEndpoint.Parse("127.0.0.1:daytime", TransportKind.Udp).Port);
    }

    [Fact]
    public void UnknownServiceNameThrowsNamingIt()
    {
        var ex = Assert.Throws<UnknownServiceException>(() => NetEndpoint.Parse("localhost:no-such-service-xyz"));

        Assert.Contains("'no-such-service-xyz'", ex.Message, StringComparison.Ordinal);
        Assert.False(NetEndpoint.TryParse("localhost:no-such-service-xyz", TransportKind.Tcp, out _, out var error));
        Assert.Contains("no-such-service-xyz", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceNameIsLookedUpForTheProtocolOfTheKind()
    {
        // ssh is a TCP service in every services table; a UDP look-up of a TCP-only name fails.
        Assert.Throws<UnknownServiceException>(() => NetEndpoint.Parse("udp://127.0.0.1:submission"));
    }

    [Theory]
    [InlineData("8080", TransportKind.Tcp, "tcp://127.0.0.1:8080")]
    [InlineData(":8080", TransportKind.Tcp, "tcp://127.0.0.1:8080")]
    [InlineData("0.0.0.0:21567", TransportKind.Tcp, "tcp://0.0.0.0:21567")]
    [InlineData("[::]:9000", TransportKind.Udp, "udp://[::]:9000")]
    [InlineData("http", TransportKind.Tcp, "tcp://127.0.0.1:80")]
    [InlineData("0", TransportKind.Udp, "udp://127.0.0.1:0")]
    [InlineData("udp://10.0.0.1:53", TransportKind.Udp, "udp://10.0.0.1:53")]
    [InlineData("/tmp/s.sock", TransportKind.Unix, "unix:///tmp/s.sock")]
    [InlineData("unixgram:///tmp/d.sock", TransportKind.UnixDatagram, "unixgram:///tmp/d.sock")]
    public void ListenFormsParse(string text, TransportKind kind, string expected)
    {
        Assert.Equal(expected, NetEndpoint.ParseListen(text, kind).ToString());
    }

    [Fact]
    public void ListenUsesTheGivenDefaultHost()
    {
        Assert.Equal(NetEndpoint.Tcp("::", 7), NetEndpoint.ParseListen("7", TransportKind.Tcp, "::"));
    }

    [Fact]
    public void ListenRejectsAnotherKindAndBadPorts()
    {
        var ex = Assert.Throws<FormatException>(() => NetEndpoint.ParseListen("udp://127.0.0.1:53", TransportKind.Tcp));
        Assert.Contains("is a udp endpoint, but a tcp address was expected", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => NetEndpoint.ParseListen("unix:///x", TransportKind.UnixDatagram));
        Assert.Throws<FormatException>(() => NetEndpoint.ParseListen("99999", TransportKind.Tcp));
        Assert.Throws<FormatException>(() => NetEndpoint.ParseListen("", TransportKind.Tcp));
        Assert.Throws<UnknownServiceException>(() => NetEndpoint.ParseListen("nonsense-name", TransportKind.Tcp));
    }

    [Fact]
    public async Task IpLiteralResolvesWithoutDns()
    {
        var addresses = await NetEndpoint.Parse("[::1]:9000").ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var single = Assert.Single(addresses);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9000), single);
    }

    [Fact]
    public async Task UnixPathResolvesToUnixDomainSocketEndPoint()
    {
        var addresses = await NetEndpoint.Unix("/tmp/x.sock").ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var unix = Assert.IsType<UnixDomainSocketEndPoint>(Assert.Single(addresses));
        Assert.Equal("/tmp/x.sock", unix.ToString());
    }

    [Fact]
    public async Task LocalhostResolvesIPv4First()
    {
        var addresses = await NetEndpoint.Tcp("localhost", 80).ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEmpty(addresses);
        var families = addresses.Cast<IPEndPoint>().Select(a => a.AddressFamily).ToList();
        Assert.Equal(families.OrderBy(f => f == AddressFamily.InterNetwork ? 0 : 1), families);
        Assert.All(addresses.Cast<IPEndPoint>(), a => Assert.Equal(80, a.Port));
    }

    [Fact]
    public async Task UnresolvableHostThrowsHostNotFoundNamingIt()
    {
        var ex = await Assert.ThrowsAsync<HostNotFoundException>(
            () => NetEndpoint.Tcp("host.invalid", 80).ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("'host.invalid'", ex.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(ex.InnerException);
    }

    [Fact]
    public async Task CanceledResolveThrows()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => NetEndpoint.Tcp("localhost", 80).ResolveAsync(cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void FromEndPointMapsIPv4MappedAddresses()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("127.0.0.1").MapToIPv6(), 55378);

        Assert.Equal(NetEndpoint.Tcp("127.0.0.1", 55378), NetEndpoint.FromEndPoint(mapped, TransportKind.Tcp));
        Assert.Equal(
            NetEndpoint.Udp("::1", 1),
            NetEndpoint.FromEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 1), TransportKind.Udp));
        Assert.Equal(
            NetEndpoint.Unix("/tmp/a.sock"),
            NetEndpoint.FromEndPoint(new UnixDomainSocketEndPoint("/tmp/a.sock"), TransportKind.Unix));
        Assert.Equal(
            NetEndpoint.Tcp("example.com", 80),
            NetEndpoint.FromEndPoint(new DnsEndPoint("example.com", 80), TransportKind.Tcp));
    }

    [Fact]
    public void FromEndPointRejectsAMismatchedKind()
    {
        Assert.Throws<ArgumentException>(
            () => NetEndpoint.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1), TransportKind.Unix));
        Assert.Throws<ArgumentException>(
            () => NetEndpoint.FromEndPoint(new UnixDomainSocketEndPoint("/tmp/a.sock"), TransportKind.Tcp));
    }

    [Fact]
    public void FormatGivesTheSeedLogForm()
    {
        Assert.Equal("127.0.0.1:55378", NetEndpoint.Format(new IPEndPoint(IPAddress.Loopback, 55378)));
        Assert.Equal("127.0.0.1:55378", NetEndpoint.Format(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 55378)));
        Assert.Equal("[::1]:55378", NetEndpoint.Format(new IPEndPoint(IPAddress.IPv6Loopback, 55378)));
        Assert.Equal("/tmp/x.sock", NetEndpoint.Format(new UnixDomainSocketEndPoint("/tmp/x.sock")));
        Assert.Equal("(unnamed)", NetEndpoint.Format(null));
    }

    [Fact]
    public void FormatOfAnUnboundUnixSocketIsUnnamed()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

        Assert.Equal("(unnamed)", NetEndpoint.Format(socket.LocalEndPoint));
    }
}
