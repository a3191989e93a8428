using Netwright.Applications;
using Netwright.Servers;

namespace Netwright.Services;

/// <summary>A ready service: its name, its default port, and how to serve it over streams and datagrams in either style.</summary>
public sealed class ServiceDefinition
{
    private readonly Func<ServiceStyle, TimeProvider, IConnectionApplication> _stream;
    private readonly Func<ServiceStyle, TimeProvider, IDatagramApplication> _datagram;

    internal ServiceDefinition(string name, string description, int defaultPort, Func<ServiceStyle, TimeProvider, IConnectionApplication> stream, Func<ServiceStyle, TimeProvider, IDatagramApplication> datagram)
    {
        Name = name;
        Description = description;
        DefaultPort = defaultPort;
        _stream = stream;
        _datagram = datagram;
    }

    /// <summary>Gets the service's name, as the command takes it (<c>timestamp</c>, <c>echo</c>, <c>greet</c>).</summary>
    public string Name { get; }

    /// <summary>Gets a one-line description.</summary>
    public string Description { get; }

    /// <summary>Gets the port used when none is given (the tutorials' programs' ports where they have one).</summary>
    public int DefaultPort { get; }

    /// <summary>Creates what serves stream connections (TCP, Unix).</summary>
    /// <param name="style">The programming style.</param>
    /// <param name="clock">The clock for time-based services; null for the system clock.</param>
    /// <returns>A new application.</returns>
    public IConnectionApplication CreateStreamApplication(ServiceStyle style, TimeProvider? clock = null) => _stream(style, clock ?? TimeProvider.System);

    /// <summary>Creates what serves datagrams (UDP, Unix datagram).</summary>
    /// <param name="style">The programming style.</param>
    /// <param name="clock">The clock for time-based services; null for the system clock.</param>
    /// <returns>A new application.</returns>
    public IDatagramApplication CreateDatagramApplication(ServiceStyle style, TimeProvider? clock = null) => _datagram(style, clock ?? TimeProvider.System);
}
