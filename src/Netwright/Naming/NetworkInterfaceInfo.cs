namespace Netwright.Naming;

/// <summary>A network interface of this machine, as <c>ip addr</c> shows it (Python's <c>socket.if_nameindex</c> gives the index and name).</summary>
/// <param name="Index">The interface index (Python's <c>if_nametoindex</c>); 0 when the platform does not report one.</param>
/// <param name="Name">The interface name, such as <c>lo</c> or <c>eth0</c>.</param>
/// <param name="Kind">The interface type as text, such as <c>Loopback</c> or <c>Ethernet</c>.</param>
/// <param name="IsUp">True when the interface is operationally up (loopback interfaces that report "unknown" count as up).</param>
/// <param name="PhysicalAddress">The hardware address as colon-separated hex, or null when it has none.</param>
/// <param name="Addresses">The unicast addresses with prefix lengths, IPv4 first.</param>
public sealed record NetworkInterfaceInfo(
    int Index,
    string Name,
    string Kind,
    bool IsUp,
    string? PhysicalAddress,
    IReadOnlyList<InterfaceAddress> Addresses);
