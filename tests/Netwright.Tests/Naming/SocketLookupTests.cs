using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Naming;

namespace Netwright.Tests.Naming;

public sealed class SocketLookupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LocalhostResolvesToLoopbackForBothSocketTypes()
    {
        var infos = await SocketLookup.GetAddressInfoAsync("localhost", "http").WaitAsync(Timeout);

        Assert.NotEmpty(infos);
        Assert.All(infos, i => Assert.True(IPAddress.IsLoopback(i.Address.Address)));
        Assert.All(infos, i => Assert.Equal(80, i.Address.Port));
        Assert.Contains(infos, i => i.SocketType == SocketType.Stream && i.Protocol == ProtocolType.Tcp);
        Assert.All(infos, i => Assert.Equal(i.Address.AddressFamily, i.Family));
        Assert.All(infos, i => Assert.False(string.IsNullOrEmpty(i.CanonicalName)));
    }

    [Fact]
    public async Task SocketTypeFiltersTheResults()
    {
        var infos = await SocketLookup.GetAddressInfoAsync("127.0.0.1", 53, SocketType.Dgram).WaitAsync(Timeout);

        var info = Assert.Single(infos);
        Assert.Equal(new AddressInfo(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp, "127.0.0.1", new IPEndPoint(IPAddress.Loopback, 53)), info);
    }

    [Fact]
    public async Task IpLiteralGivesStreamThenDatagram()
    {
        var infos = await SocketLookup.GetAddressInfoAsync("::1", "9000").WaitAsync(Timeout);

        Assert.Equal([SocketType.Stream, SocketType.Dgram], infos.Select(i => i.SocketType));
        Assert.All(infos, i => Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9000), i.Address));
    }

    [Fact]
    public async Task TcpOnlyServiceGivesNoDatagramEntries()
    {
        var infos = await SocketLookup.GetAddressInfoAsync("127.0.0.1", "submission").WaitAsync(Timeout);

        Assert.All(infos, i => Assert.Equal(SocketType.Stream, i.SocketType));
    }

    [Fact]
    public async Task UnknownServiceAndBadPortAreErrors()
    {
        await Assert.ThrowsAsync<UnknownServiceException>(
            () => SocketLookup.GetAddressInfoAsync("127.0.0.1", "no-such-service-xyz").WaitAsync(Timeout));
        await Assert.ThrowsAsync<FormatException>(
            () => SocketLookup.GetAddressInfoAsync("127.0.0.1", "99999").WaitAsync(Timeout));
        await Assert.ThrowsAsync<ArgumentException>(
            () => SocketLookup.GetAddressInfoAsync("127.0.0.1", "80", SocketType.Raw).WaitAsync(Timeout));
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = SocketLookup.GetAddressInfoAsync("127.0.0.1", 65536); });
    }

    [Fact]
    public async Task InvalidHostGivesHostNotFound()
    {
        var ex = await Assert.ThrowsAsync<HostNotFoundException>(
            () => SocketLookup.GetAddressInfoAsync("host.invalid", 80).WaitAsync(Timeout));

        Assert.Contains("'host.invalid'", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HostNotFoundException>(() => SocketLookup.GetHostByNameAsync("host.invalid").WaitAsync(Timeout));
    }

    [Fact]
    public async Task GetHostByNameGivesIPv4()
    {
        Assert.Equal(IPAddress.Loopback, await SocketLookup.GetHostByNameAsync("localhost").WaitAsync(Timeout));
        var entry = await SocketLookup.GetHostByNameExAsync("127.0.0.1").WaitAsync(Timeout);
        Assert.Equal([IPAddress.Loopback], entry.Addresses);
    }

    [Fact]
    public async Task GetHostByNameOfAnIPv6LiteralHasNoIPv4Address()
    {
        var ex = await Assert.ThrowsAsync<HostNotFoundException>(() => SocketLookup.GetHostByNameAsync("::1").WaitAsync(Timeout));

        Assert.Contains("no IPv4 address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReverseLookupOfLoopbackNamesIt()
    {
        var entry = await SocketLookup.GetHostByAddressAsync("127.0.0.1").WaitAsync(Timeout);

        Assert.NotNull(entry);
        Assert.False(string.IsNullOrEmpty(entry.HostName));
        Assert.False(IPAddress.TryParse(entry.HostName, out _));
    }

    [Fact]
    public async Task ReverseLookupWithoutANameIsNull()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): documentation only, never given a PTR record.
        var entry = await SocketLookup.GetHostByAddressAsync(IPAddress.Parse("192.0.2.254")).WaitAsync(Timeout);

        Assert.Null(entry);
        Assert.Null(await SocketLookup.GetHostByAddressAsync(IPAddress.Any).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReverseLookupOfBadTextIsAFormatError()
    {
        await Assert.ThrowsAsync<FormatException>(() => SocketLookup.GetHostByAddressAsync("not-an-ip").WaitAsync(Timeout));
    }

    [Fact]
    public async Task HostNameAndFullyQualifiedNameAreNotEmpty()
    {
        var name = SocketLookup.GetHostName();
        var fqdn = await SocketLookup.GetFullyQualifiedDomainNameAsync().WaitAsync(Timeout);

        Assert.False(string.IsNullOrWhiteSpace(name));
        Assert.StartsWith(name.Split('.')[0], fqdn, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("host.invalid", await SocketLookup.GetFullyQualifiedDomainNameAsync("host.invalid").WaitAsync(Timeout));
    }

    [Fact]
    public void ServicesDelegateToTheDatabase()
    {
        Assert.Equal(80, SocketLookup.GetServiceByName("http"));
        Assert.Equal(53, SocketLookup.GetServiceByName("domain", "udp"));
        Assert.Equal("ssh", SocketLookup.GetServiceByPort(22));
        Assert.Throws<UnknownServiceException>(() => SocketLookup.GetServiceByName("no-such-service-xyz"));
        var ex = Assert.Throws<UnknownServiceException>(() => SocketLookup.GetServiceByPort(1, "xyz"));
        Assert.Contains("1/xyz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterfacesIncludeUpLoopbackWithPrefix()
    {
        var interfaces = SocketLookup.GetInterfaces();

        var loopback = Assert.Single(interfaces, i => i.Addresses.Any(a => a.Address.Equals(IPAddress.Loopback)));
        Assert.True(loopback.IsUp);
        Assert.Equal("127.0.0.1/8", loopback.Addresses.First(a => a.Address.Equals(IPAddress.Loopback)).ToString());
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork, "192.0.2.1", new byte[] { 192, 0, 2, 1 })]
    [InlineData(AddressFamily.InterNetwork, "0.0.0.0", new byte[] { 0, 0, 0, 0 })]
    [InlineData(AddressFamily.InterNetworkV6, "::1", new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData(AddressFamily.InterNetworkV6, "2001:db8::ff00:42:8329", new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42, 0x83, 0x29 })]
    public void PtonAndNtopRoundTrip(AddressFamily family, string text, byte[] packed)
    {
        Assert.Equal(packed, SocketLookup.InetPton(family, text));
        Assert.Equal(text, SocketLookup.InetNtop(family, packed));
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork, "1")]
    [InlineData(AddressFamily.InterNetwork, "127.1")]
    [InlineData(AddressFamily.InterNetwork, "256.0.0.1")]
    [InlineData(AddressFamily.InterNetwork, "01.2.3.4")]
    [InlineData(AddressFamily.InterNetwork, "1.2.3.4.5")]
    [InlineData(AddressFamily.InterNetwork, "1.2.3.")]
    [InlineData(AddressFamily.InterNetwork, "::1")]
    [InlineData(AddressFamily.InterNetworkV6, "127.0.0.1")]
    [InlineData(AddressFamily.InterNetworkV6, "[::1]")]
    [InlineData(AddressFamily.InterNetworkV6, "fe80::1%1")]
    [InlineData(AddressFamily.InterNetworkV6, "1:::2")]
    [InlineData(AddressFamily.InterNetworkV6, "")]
    public void PtonRejectsBadText(AddressFamily family, string text)
    {
        var ex = Assert.Throws<FormatException>(() => SocketLookup.InetPton(family, text));

        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PtonAndNtopRejectOtherFamiliesAndLengths()
    {
        Assert.Throws<ArgumentException>(() => SocketLookup.InetPton(AddressFamily.Unix, "/tmp/x"));
        Assert.Throws<ArgumentException>(() => SocketLookup.InetNtop(AddressFamily.InterNetwork, new byte[16]));
        Assert.Throws<ArgumentException>(() => SocketLookup.InetNtop(AddressFamily.InterNetworkV6, new byte[4]));
        Assert.Throws<ArgumentException>(() => SocketLookup.InetNtop(AddressFamily.Unix, new byte[4]));
    }

    [Fact]
    public void ByteOrderConversionsGiveBigEndian()
    {
        var buffer = new byte[8];

        BitConverter.TryWriteBytes(buffer, SocketLookup.HostToNetwork((ushort)0x1234));
        Assert.Equal(new byte[] { 0x12, 0x34 }, buffer[..2]);
        BitConverter.TryWriteBytes(buffer, SocketLookup.HostToNetwork(0x01020304u));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer[..4]);
        BitConverter.TryWriteBytes(buffer, SocketLookup.HostToNetwork(0x0102030405060708ul));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, buffer);
        Assert.Equal((ushort)0xBEEF, SocketLookup.NetworkToHost(SocketLookup.HostToNetwork((ushort)0xBEEF)));
        Assert.Equal(0xDEADBEEFu, SocketLookup.NetworkToHost(SocketLookup.HostToNetwork(0xDEADBEEFu)));
        Assert.Equal(42ul, SocketLookup.NetworkToHost(SocketLookup.HostToNetwork(42ul)));
    }
}
