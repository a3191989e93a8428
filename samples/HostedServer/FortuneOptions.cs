namespace HostedServer;

/// <summary>The <c>"Fortunes"</c> section of appsettings.json.</summary>
internal sealed class FortuneOptions
{
    public List<string> Sayings { get; } = [];
}
