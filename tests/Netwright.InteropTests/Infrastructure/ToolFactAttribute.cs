namespace Netwright.InteropTests.Infrastructure;

/// <summary>A fact that runs programs from Debian packages (openssl, ncat, socat): skipped when one is missing, except under CI, where it fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        if (PythonRuntime.IsCi)
        {
            return;
        }

        var missing = tools.Where(tool => FindOnPath(tool) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(", ", missing)} not installed (apt-get install {string.Join(' ', missing)}; under CI=true this is a failure)";
        }
    }

    /// <summary>Returns the full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
