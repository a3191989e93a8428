using System.Net;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// Decides whether a target is local: 127.0.0.0/8, ::1 (also IPv4-mapped) and Unix paths are; anything
/// else needs <c>--allow-remote</c>, so a load generator is never pointed at someone else's host by mistake.
/// </summary>
internal static class LoopbackPolicy
{
    /// <summary>Returns true when <paramref name="target"/> is on this machine's loopback interface or a Unix path.</summary>
    public static bool IsLocal(EndPoint target) => target switch
    {
        UnixDomainSocketEndPoint => true,
        IPEndPoint { Address: var address } => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address),
        _ => false,
    };
}
