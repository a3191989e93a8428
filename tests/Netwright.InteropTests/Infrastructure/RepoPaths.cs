namespace Netwright.InteropTests.Infrastructure;

/// <summary>Where the repository's pieces are, found from the test assembly's folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>Gets the repository root (the folder holding <c>Netwright.slnx</c>).</summary>
    public static string Root => s_root.Value;

    /// <summary>Gets <c>tests/interop</c>, the seeds' Python programs.</summary>
    public static string Interop => Path.Combine(Root, "tests", "interop");

    /// <summary>Gets <c>samples</c>, the C# file-based programs.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>Gets the path of one of the seeds' Python programs, checking that it exists.</summary>
    public static string InteropProgram(string fileName)
    {
        var path = Path.Combine(Interop, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"interop program {fileName} is missing", path);
    }

    /// <summary>Gets a Python helper of this test project, copied next to the test assembly.</summary>
    public static string Helper(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Python", fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"test helper {fileName} is missing", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Netwright.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Netwright.slnx above {AppContext.BaseDirectory}");
    }
}
