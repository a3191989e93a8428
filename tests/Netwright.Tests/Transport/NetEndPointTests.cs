using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport;

namespace Netwright.Tests.Transport;

public sealed class NetEndPointTests
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
        var endpoint = NetEndPoint.Parse(text);

        Assert.Equal(kind, endpoint.Kind);
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Null(endpoint.Path);
        Assert.False(endpoint.IsUnix);
    }

    [Fact]
    public void BareHostPortTakesTheDefaultKind()
    {
        var endpoint = NetEndPoint.Parse("127.0.0.1:21567", TransportKind.Udp);

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
        var endpoint = NetEndPoint.Parse(text);

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
        Assert.Equal(NetEndPoint.Unix("/run/a.sock"), NetEndPoint.Parse("/run/a.sock", TransportKind.Unix));
        Assert.Equal(NetEndPoint.UnixDatagram("b.sock"), NetEndPoint.Parse("b.sock", TransportKind.UnixDatagram));
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
        var endpoint = NetEndPoint.Parse(text);

        Assert.Equal(text, endpoint.ToString());
        Assert.Equal(endpoint, NetEndPoint.Parse(endpoint.ToString()));
    }

    [Fact]
    public void FactoriesPrintCanonicalText()
    {
        Assert.Equal("tcp://127.0.0.1:21567", NetEndPoint.Tcp("127.0.0.1", 21567).ToString());
        Assert.Equal("udp://[::1]:9000", NetEndPoint.Udp("::1", 9000).ToString());
        Assert.Equal("udp://[::1]:9000", NetEndPoint.Udp("[::1]", 9000).ToString());
        Assert.Equal("unix:///tmp/x.sock", NetEndPoint.Unix("/tmp/x.sock").ToString());
        Assert.Equal("unixgram:///tmp/x.sock", NetEndPoint.UnixDatagram("/tmp/x.sock").ToString());
    }

    [Fact]
    public void EqualityIgnoresHostCaseButNotKindOrPath()
    {
        Assert.Equal(NetEndPoint.Tcp("LocalHost", 80), NetEndPoint.Tcp("localhost", 80));
        Assert.Equal(NetEndPoint.Tcp("LocalHost", 80).GetHashCode(), NetEndPoint.Tcp("localhost", 80).GetHashCode());
        Assert.NotEqual(NetEndPoint.Tcp("localhost", 80), NetEndPoint.Udp("localhost", 80));
        Assert.NotEqual(NetEndPoint.Unix("/a"), NetEndPoint.Unix("/A"));
        Assert.NotEqual(NetEndPoint.Unix("/a"), NetEndPoint.UnixDatagram("/a"));
    }

    [Fact]
    public void IPv6LiteralsHaveOneSpelling()
    {
        Assert.Equal(NetEndPoint.Tcp("::1", 80), NetEndPoint.Parse("[0:0:0:0:0:0:0:1]:80"));
        Assert.Equal("tcp://[2001:db8::1]:80", NetEndPoint.Parse("[2001:DB8:0::1]:80").ToString());
        Assert.Equal("fe80::1%eth0", NetEndPoint.Parse("[fe80::1%eth0]:80").Host);
    }

    [Fact]
    public void FactoriesRejectBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NetEndPoint.Tcp("localhost", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetEndPoint.Udp("localhost", 65536));
        Assert.Throws<ArgumentException>(() => NetEndPoint.Tcp("", 80));
        Assert.Throws<ArgumentException>(() => NetEndPoint.Tcp("bad host", 80));
        Assert.Throws<ArgumentException>(() => NetEndPoint.Tcp("1:2:zz", 80));
        Assert.Throws<ArgumentNullException>(() => NetEndPoint.Unix(null!));
        Assert.Throws<ArgumentException>(() => NetEndPoint.UnixDatagram(""));
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
        var ex = Assert.Throws<FormatException>(() => NetEndPoint.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(NetEndPoint.TryParse(text, TransportKind.Tcp, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void TryParseOfNullFailsWithAMessage()
    {
        Assert.False(NetEndPoint.TryParse(null, TransportKind.Tcp, out _, out var error));
        Assert.Contains("no endpoint given", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseSucceedsForGoodText()
    {
        Assert.True(NetEndPoint.TryParse("udp://1.2.3.4:5", TransportKind.Tcp, out var endpoint, out var error));
        Assert.Null(error);
        Assert.Equal(NetEndPoint.Udp("1.2.3.4", 5), endpoint);
    }

    [Fact]
    public void ServiceNamesGiveTheirPorts()
    {
        Assert.Equal(80, NetEndPoint.Parse("localhost:http").Port);
        Assert.Equal(22, NetEndPoint.Parse("tcp://[::1]:ssh").Port);
        Assert.Equal(53, NetEndPoint.Parse("udp://127.0.0.1:domain").Port);
        Assert.Equal(13, NetEndPoint.Parse("127.0.0.1:daytime", TransportKind.Udp).Port);
    }

    [Fact]
    public void UnknownServiceNameThrowsNamingIt()
    {
        var ex = Assert.Throws<UnknownServiceException>(() => NetEndPoint.Parse("localhost:no-such-service-xyz"));

        Assert.Contains("'no-such-service-xyz'", ex.Message, StringComparison.Ordinal);
        Assert.False(NetEndPoint.TryParse("localhost:no-such-service-xyz", TransportKind.Tcp, out _, out var error));
        Assert.Contains("no-such-service-xyz", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceNameIsLookedUpForTheProtocolOfTheKind()
    {
        // ssh is a TCP service in every services table; a UDP look-up of a TCP-only name fails.
        Assert.Throws<UnknownServiceException>(() => NetEndPoint.Parse("udp://127.0.0.1:submission"));
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
        Assert.Equal(expected, NetEndPoint.ParseListen(text, kind).ToString());
    }

    [Fact]
    public void ListenUsesTheGivenDefaultHost()
    {
        Assert.Equal(NetEndPoint.Tcp("::", 7), NetEndPoint.ParseListen("7", TransportKind.Tcp, "::"));
    }

    [Fact]
    public void ListenRejectsAnotherKindAndBadPorts()
    {
        var ex = Assert.Throws<FormatException>(() => NetEndPoint.ParseListen("udp://127.0.0.1:53", TransportKind.Tcp));
        Assert.Contains("is a udp endpoint, but a tcp address was expected", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => NetEndPoint.ParseListen("unix:///x", TransportKind.UnixDatagram));
        Assert.Throws<FormatException>(() => NetEndPoint.ParseListen("99999", TransportKind.Tcp));
        Assert.Throws<FormatException>(() => NetEndPoint.ParseListen("", TransportKind.Tcp));
        Assert.Throws<UnknownServiceException>(() => NetEndPoint.ParseListen("nonsense-name", TransportKind.Tcp));
    }

    [Fact]
    public async Task IpLiteralResolvesWithoutDns()
    {
        var addresses = await NetEndPoint.Parse("[::1]:9000").ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var single = Assert.Single(addresses);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9000), single);
    }

    [Fact]
    public async Task UnixPathResolvesToUnixDomainSocketEndPoint()
    {
        var addresses = await NetEndPoint.Unix("/tmp/x.sock").ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var unix = Assert.IsType<UnixDomainSocketEndPoint>(Assert.Single(addresses));
        Assert.Equal("/tmp/x.sock", unix.ToString());
    }

    [Fact]
    public async Task LocalhostResolvesIPv4First()
    {
        var addresses = await NetEndPoint.Tcp("localhost", 80).ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEmpty(addresses);
        var families = addresses.Cast<IPEndPoint>().Select(a => a.AddressFamily).ToList();
        Assert.Equal(families.OrderBy(f => f == AddressFamily.InterNetwork ? 0 : 1), families);
        Assert.All(addresses.Cast<IPEndPoint>(), a => Assert.Equal(80, a.Port));
    }

    [Fact]
    public async Task UnresolvableHostThrowsHostNotFoundNamingIt()
    {
        var ex = await Assert.ThrowsAsync<HostNotFoundException>(
            () => NetEndPoint.Tcp("host.invalid", 80).ResolveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("'host.invalid'", ex.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(ex.InnerException);
    }

    [Fact]
    public async Task CanceledResolveThrows()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => NetEndPoint.Tcp("localhost", 80).ResolveAsync(cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void FromEndPointMapsIPv4MappedAddresses()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("127.0.0.1").MapToIPv6(), 55378);

        Assert.Equal(NetEndPoint.Tcp("127.0.0.1", 55378), NetEndPoint.FromEndPoint(mapped, TransportKind.Tcp));
        Assert.Equal(
            NetEndPoint.Udp("::1", 1),
            NetEndPoint.FromEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 1), TransportKind.Udp));
        Assert.Equal(
            NetEndPoint.Unix("/tmp/a.sock"),
            NetEndPoint.FromEndPoint(new UnixDomainSocketEndPoint("/tmp/a.sock"), TransportKind.Unix));
        Assert.Equal(
            NetEndPoint.Tcp("example.com", 80),
            NetEndPoint.FromEndPoint(new DnsEndPoint("example.com", 80), TransportKind.Tcp));
    }

    [Fact]
    public void FromEndPointRejectsAMismatchedKind()
    {
        Assert.Throws<ArgumentException>(
            () => NetEndPoint.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1), TransportKind.Unix));
        Assert.Throws<ArgumentException>(
            () => NetEndPoint.FromEndPoint(new UnixDomainSocketEndPoint("/tmp/a.sock"), TransportKind.Tcp));
    }

    [Fact]
    public void FormatGivesTheSeedLogForm()
    {
        Assert.Equal("127.0.0.1:55378", NetEndPoint.Format(new IPEndPoint(IPAddress.Loopback, 55378)));
        Assert.Equal("127.0.0.1:55378", NetEndPoint.Format(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 55378)));
        Assert.Equal("[::1]:55378", NetEndPoint.Format(new IPEndPoint(IPAddress.IPv6Loopback, 55378)));
        Assert.Equal("/tmp/x.sock", NetEndPoint.Format(new UnixDomainSocketEndPoint("/tmp/x.sock")));
        Assert.Equal("(unnamed)", NetEndPoint.Format(null));
    }

    [Fact]
    public void FormatOfAnUnboundUnixSocketIsUnnamed()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

        Assert.Equal("(unnamed)", NetEndPoint.Format(socket.LocalEndPoint));
    }
}
