using System.Net;
using Netwright.Servers;
using Netwright.Servers.Internal;
using Netwright.Testing;

namespace Netwright.Tests.Servers;

public sealed class AddressGateTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.7"), 40000);
    private readonly ManualTimeProvider _time = new();

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("2001:db8::/32", "2001:db8::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("192.0.2.7", "192.0.2.7", true)]
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.1", true)]
    public void AnAllowListAdmitsOnlyItsNetworks(string network, string address, bool admitted)
    {
        var options = new AccessControlOptions { Allow = { AccessControlOptions.ParseNetwork(network) } };
        var gate = new AddressGate(options, _time);

        var refusal = gate.TryAdmit(new IPEndPoint(IPAddress.Parse(address), 1), out _);

        Assert.Equal(admitted, refusal is null);
        Assert.Equal(admitted, gate.AllowsDatagramFrom(new IPEndPoint(IPAddress.Parse(address), 1)));
    }

    [Fact]
    public void ADenyWinsOverAnAllow()
    {
        var options = new AccessControlOptions
        {
            Allow = { AccessControlOptions.ParseNetwork("192.0.2.0/24") },
            Deny = { AccessControlOptions.ParseNetwork("192.0.2.7/32") },
        };

        Assert.Equal("denied", new AddressGate(options, _time).TryAdmit(Peer, out _)?.Reason);
    }

    [Theory]
    [InlineData("10.0.0.0/abc")]
    [InlineData("not an address")]
    [InlineData("10.0.0.0/33")]
    public void ANetworkThatDoesNotParseIsAFormatError(string text)
    {
        Assert.Throws<FormatException>(() => AccessControlOptions.ParseNetwork(text));
    }

    [Fact]
    public void TheCapPerAddressCountsOpenConnectionsAndReleasesClosedOnes()
    {
        var gate = new AddressGate(new AccessControlOptions { MaxConnectionsPerAddress = 2 }, _time);

        Assert.Null(gate.TryAdmit(Peer, out var first));
        Assert.Null(gate.TryAdmit(Peer, out _));
        Assert.Equal("per_address", gate.TryAdmit(Peer, out _)?.Reason);
        Assert.Null(gate.TryAdmit(new IPEndPoint(IPAddress.Parse("192.0.2.8"), 1), out _));
        gate.Release(first!);
        Assert.Null(gate.TryAdmit(Peer, out _));
    }

    [Fact]
    public void TheRatePerAddressAllowsABurstOfOneSecondThenRefillsWithTime()
    {
        var gate = new AddressGate(new AccessControlOptions { MaxConnectionRatePerAddress = 5 }, _time);

        var burst = Enumerable.Range(0, 20).Count(i => gate.TryAdmit(Peer, out _) is null);
        var refused = gate.TryAdmit(Peer, out _)?.Reason;
        _time.Advance(TimeSpan.FromMilliseconds(400));
        var refilled = Enumerable.Range(0, 20).Count(i => gate.TryAdmit(Peer, out _) is null);

        Assert.Equal(5, burst);
        Assert.Equal("rate", refused);
        Assert.Equal(2, refilled);
    }

    [Fact]
    public void UnixPeersAndServersWithoutRulesAreNotFiltered()
    {
        var gate = new AddressGate(new AccessControlOptions { Deny = { AccessControlOptions.ParseNetwork("0.0.0.0/0") } }, _time);

        Assert.Null(gate.TryAdmit(new System.Net.Sockets.UnixDomainSocketEndPoint("/tmp/x.sock"), out _));
        Assert.Null(new AddressGate(new AccessControlOptions(), _time).TryAdmit(Peer, out var counted));
        Assert.Null(counted);
    }
}
