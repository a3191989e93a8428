using System.Diagnostics;
using System.Reflection;

namespace Netwright.InteropTests.Infrastructure;

/// <summary>
/// Builds every C# sample in samples/ once per test run, with the SDK's own file-based build
/// (<c>dotnet build samples/x.cs -o DIR</c>), and starts the built programs with <c>dotnet DIR/x.dll</c>.
/// </summary>
/// <remarks>
/// A file-based build costs several seconds of MSBuild each, so the samples are built once, two at a time,
/// into one folder next to the test assembly. They compile against the Netwright library this test project
/// was built with (<c>--no-dependencies</c>, same configuration) instead of each building it again.
/// File-based builds turn the compiler server off (each starts a cold <c>csc</c>, about 3 s of CPU); it is
/// turned back on here, which halves the time. The compiler and the sources are the same either way.
/// </remarks>
internal static class SampleBuilds
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(6);
    private static readonly Lazy<Task<string>> s_built = new(BuildAllAsync);

    /// <summary>Gets the folder the samples are built into.</summary>
    public static string OutputDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "samples-bin");

    /// <summary>Builds every sample, once per test run; later calls wait for the same build.</summary>
    public static Task<string> EnsureBuiltAsync() => s_built.Value.WaitAsync(s_buildTimeout);

    /// <summary>Starts a built sample (building them all first, once) with the given arguments.</summary>
    public static async Task<ChildProcess> StartAsync(string name, params string[] arguments)
    {
        var directory = await EnsureBuiltAsync();
        var dll = Path.Combine(directory, name + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"sample {name} was not built", dll);
        }

        return ChildProcess.Start("dotnet", [dll, .. arguments]);
    }

    private static async Task<string> BuildAllAsync()
    {
        var files = Directory.GetFiles(RepoPaths.Samples, "*.cs").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"no samples in {RepoPaths.Samples}");
        }

        Directory.CreateDirectory(OutputDirectory);
        // The library was built with this test project, in its configuration; the samples reference that build
        // and leave src/ alone (other test projects may be running from it), so it is copied next to them.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Netwright.dll"), Path.Combine(OutputDirectory, "Netwright.dll"), overwrite: true);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (file, _) => await BuildAsync(file));
        return OutputDirectory;
    }

    private static async Task BuildAsync(string file)
    {
        var configuration = typeof(SampleBuilds).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        await using var build = ChildProcess.Start(
            "dotnet",
            ["build", file, "-c", configuration, "-o", OutputDirectory, "--no-dependencies", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=true"],
            workingDirectory: RepoPaths.Root);
        build.CloseInput();
        var stopwatch = Stopwatch.StartNew();
        var exitCode = await build.WaitForExitAsync(s_buildTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"building {Path.GetFileName(file)} failed with exit code {exitCode} after {stopwatch.Elapsed.TotalSeconds:0.#} s\n{build.Transcript()}");
        }
    }
}
