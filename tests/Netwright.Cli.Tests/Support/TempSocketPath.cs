namespace Netwright.Cli.Tests.Support;

/// <summary>A fresh Unix socket path that is short enough for sun_path (108 bytes), removed on dispose.</summary>
internal sealed class TempSocketPath : IDisposable
{
    public TempSocketPath()
    {
        var directory = Directory.Exists("/tmp") ? "/tmp" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(directory, $"nwcli-{Guid.NewGuid():N}"[..18] + ".sock");
    }

    public string Path { get; }

    public override string ToString() => Path;

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
