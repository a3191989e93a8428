namespace Netwright.Testing;

/// <summary>
/// A unique, short temporary directory for Unix socket files, removed with everything in it on dispose.
/// Short because a Unix socket path is limited to about 100 bytes.
/// </summary>
public sealed class LoopbackDirectory : IDisposable
{
    public LoopbackDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nw-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the directory's full path.</summary>
    public string Path { get; }

    /// <summary>Returns a path for a file named <paramref name="name"/> inside the directory.</summary>
    /// <param name="name">The file name.</param>
    /// <returns>The full path; the file is not created.</returns>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: a test removed it on purpose.
        }
    }
}
