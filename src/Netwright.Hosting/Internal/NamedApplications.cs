using Netwright.Applications;

namespace Netwright.Hosting.Internal;

/// <summary>The handlers, protocols and factories registered by name with <see cref="NetwrightServerBuilder"/>; listeners name them in configuration.</summary>
internal sealed class NamedApplications
{
    private readonly Dictionary<string, Registration> _registrations = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _registrations.Keys;

    public bool Contains(string name) => _registrations.ContainsKey(name);

    /// <summary>Gets what the named application serves, or null when there is none of that name.</summary>
    public Registration? Kind(string name) => _registrations.GetValueOrDefault(name);

    public void Add(string name, bool isDatagram, Func<IServiceProvider, object> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_registrations.TryAdd(name, new Registration(isDatagram, create)))
        {
            throw new InvalidOperationException($"a handler named '{name}' is already registered");
        }
    }

    /// <summary>Creates the named stream application, resolving its dependencies from <paramref name="services"/>.</summary>
    public IConnectionApplication CreateStream(string name, IServiceProvider services) => (IConnectionApplication)_registrations[name].Create(services);

    /// <summary>Creates the named datagram application.</summary>
    public IDatagramApplication CreateDatagram(string name, IServiceProvider services) => (IDatagramApplication)_registrations[name].Create(services);

    public sealed record Registration(bool IsDatagram, Func<IServiceProvider, object> Create);
}
