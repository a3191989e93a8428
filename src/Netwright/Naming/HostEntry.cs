using System.Net;

namespace Netwright.Naming;

/// <summary>A host's name, aliases and addresses, like the <c>(hostname, aliaslist, ipaddrlist)</c> triple of Python's <c>gethostbyname_ex</c> and <c>gethostbyaddr</c>.</summary>
/// <param name="HostName">The primary (canonical) host name.</param>
/// <param name="Aliases">Other names of the host; empty when there are none.</param>
/// <param name="Addresses">The host's addresses, in resolver order.</param>
public sealed record HostEntry(string HostName, IReadOnlyList<string> Aliases, IReadOnlyList<IPAddress> Addresses);
