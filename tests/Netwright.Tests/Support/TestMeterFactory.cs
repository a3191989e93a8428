using System.Diagnostics.Metrics;

namespace Netwright.Tests.Support;

/// <summary>An <see cref="IMeterFactory"/> whose meters are scoped to it, so a listener sees only this test's instruments.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
