using Netwright.Protocols;
using Netwright.Services.Echo;
using Netwright.Services.Greet;
using Netwright.Services.Timestamp;

namespace Netwright.Services;

/// <summary>
/// The ready services Netwright ships, by name: what <c>netwright serve NAME</c> hosts, and what an
/// application can host in-process with <c>server.Listen(endPoint, ServiceCatalog.Echo.CreateStreamApplication(ServiceStyle.Handler))</c>, or by name with <see cref="Find(string)"/>.
/// </summary>
public static class ServiceCatalog
{
    /// <summary>The timestamp service: <c>[ctime] text</c> for each line or datagram (port 21567, as the tutorials' <c>tsTserv.py</c>).</summary>
    public static ServiceDefinition Timestamp { get; } = new(
        "timestamp",
        "replies [ctime] text to each line or datagram",
        21567,
        static (style, clock) => style == ServiceStyle.Handler ? new TimestampHandler(clock) : ProtocolFactory.Create(_ => new TimestampProtocol(clock)),
        static (style, clock) => style == ServiceStyle.Handler ? new TimestampDatagramHandler(clock) : new TimestampDatagramProtocol(clock));

    /// <summary>The echo service: every byte back, unchanged (port 7007: the classic port 7 needs root).</summary>
    public static ServiceDefinition Echo { get; } = new(
        "echo",
        "sends every byte back unchanged",
        7007,
        static (style, _) => style == ServiceStyle.Handler ? new EchoHandler() : ProtocolFactory.For<EchoProtocol>(),
        static (style, _) => style == ServiceStyle.Handler ? new EchoDatagramHandler() : new EchoDatagramProtocol());

    /// <summary>The greeting service: <c>Thank you for connecting</c>, then close (port 8088, as the tutorial's greeting <c>server.py</c>).</summary>
    public static ServiceDefinition Greet { get; } = new(
        "greet",
        "sends 'Thank you for connecting' and closes",
        8088,
        static (style, _) => style == ServiceStyle.Handler ? new GreetHandler() : ProtocolFactory.For<GreetProtocol>(),
        static (style, _) => style == ServiceStyle.Handler ? new GreetDatagramHandler() : new GreetDatagramProtocol());

    /// <summary>Gets every service, in the order the command lists them.</summary>
    public static IReadOnlyList<ServiceDefinition> All { get; } = [Timestamp, Echo, Greet];

    /// <summary>Finds a service by name, ignoring case.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The service, or null if there is none of that name.</returns>
    public static ServiceDefinition? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
