namespace Netwright.HostileTests.Infrastructure;

/// <summary>One server under attack: a service in one programming style on one engine (one child process).</summary>
/// <param name="Service">The service.</param>
/// <param name="Style">The <c>--style</c> value: handler or event.</param>
/// <param name="Engine">The <c>--engine</c> value: sockets or epoll.</param>
internal sealed record HostileTarget(ServiceProfile Service, string Style, string Engine)
{
    /// <summary>The styles every service is served in.</summary>
    public static readonly string[] Styles = ["handler", "event"];

    /// <summary>The engines every service is served on.</summary>
    public static readonly string[] Engines = ["sockets", "epoll"];

    /// <summary>Gets every (service, style, engine).</summary>
    public static IReadOnlyList<HostileTarget> All { get; } =
        [.. from service in ServiceProfile.All from style in Styles from engine in Engines select new HostileTarget(service, style, engine)];

    /// <summary>Gets the target named by <see cref="ToString"/>.</summary>
    public static HostileTarget Parse(string name) => All.Single(t => t.ToString() == name);

    public override string ToString() => $"{Service.Name}/{Style}/{Engine}";
}
