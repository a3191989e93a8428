using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Netwright.Errors;

namespace Netwright.Naming;

public static partial class SocketLookup
{
    /// <summary>Looks up a service's port, like Python's <c>socket.getservbyname(name, protocol)</c>.</summary>
    /// <param name="name">The service name or alias, such as <c>http</c>.</param>
    /// <param name="protocol">The protocol; <c>tcp</c> by default.</param>
    /// <returns>The port from <see cref="ServiceDatabase.System"/>.</returns>
    /// <exception cref="UnknownServiceException">No such service for that protocol.</exception>
    public static int GetServiceByName(string name, string protocol = "tcp") =>
        ServiceDatabase.System.GetPort(name, protocol);

    /// <summary>Looks up the service on a port, like Python's <c>socket.getservbyport(port, protocol)</c>.</summary>
    /// <param name="port">The port, 0 to 65535.</param>
    /// <param name="protocol">The protocol; <c>tcp</c> by default.</param>
    /// <returns>The official service name from <see cref="ServiceDatabase.System"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0 to 65535.</exception>
    /// <exception cref="UnknownServiceException">No service is registered on that port for that protocol.</exception>
    public static string GetServiceByPort(int port, string protocol = "tcp") =>
        ServiceDatabase.System.GetName(port, protocol)
        ?? throw new UnknownServiceException($"no service on port {port}/{protocol} (not in {ServiceDatabase.System.SourceDescription})");

    /// <summary>Lists this machine's network interfaces with their addresses, like <c>ip addr</c> (Python's <c>socket.if_nameindex</c> plus addresses).</summary>
    /// <returns>The interfaces in the order the platform reports them; each interface's IPv4 addresses come first.</returns>
    /// <exception cref="NetworkInformationException">The platform refused to list interfaces.</exception>
    public static IReadOnlyList<NetworkInterfaceInfo> GetInterfaces()
    {
        var result = new List<NetworkInterfaceInfo>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var properties = nic.GetIPProperties();
            var addresses = properties.UnicastAddresses
                .Select(u => new InterfaceAddress(u.Address, u.PrefixLength))
                .OrderBy(a => a.Address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
                .ToList();
            var physical = nic.GetPhysicalAddress().GetAddressBytes();
            result.Add(new NetworkInterfaceInfo(
                IndexOf(properties),
                nic.Name,
                nic.NetworkInterfaceType.ToString(),
                nic.OperationalStatus == OperationalStatus.Up
                    || (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback && nic.OperationalStatus == OperationalStatus.Unknown),
                physical.Length == 0 || physical.All(b => b == 0)
                    ? null
                    : string.Join(':', physical.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))),
                addresses));
        }

        return result;
    }

    private static int IndexOf(IPInterfaceProperties properties)
    {
        // Either family may be missing (an IPv6-only or unconfigured interface throws for the other).
        try
        {
            return properties.GetIPv4Properties()?.Index ?? properties.GetIPv6Properties()?.Index ?? 0;
        }
        catch (NetworkInformationException)
        {
            return properties.GetIPv6Properties()?.Index ?? 0;
        }
    }
}
