namespace Netwright.Naming;

/// <summary>One line of the services database: a service name, its port and protocol, and its aliases.</summary>
/// <param name="Name">The official service name, such as <c>http</c>.</param>
/// <param name="Port">The port number, 0 to 65535.</param>
/// <param name="Protocol">The protocol in lower case, usually <c>tcp</c> or <c>udp</c>.</param>
/// <param name="Aliases">Other names for the same service (<c>www</c> for <c>http</c>); empty when there are none.</param>
public sealed record ServiceEntry(string Name, int Port, string Protocol, IReadOnlyList<string> Aliases);
