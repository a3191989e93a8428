using System.Net;

namespace Netwright.Naming;

/// <summary>One address assigned to a network interface, with its prefix length (<c>192.0.2.2/24</c>).</summary>
/// <param name="Address">The unicast address.</param>
/// <param name="PrefixLength">The network prefix length in bits (0-32 for IPv4, 0-128 for IPv6).</param>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>Returns the address in CIDR form, such as <c>127.0.0.1/8</c> or <c>::1/128</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Address}/{PrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
