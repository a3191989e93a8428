using System.Diagnostics;
using System.Reflection;
using Netwright.Testing;

namespace Netwright.Packaging.Tests;

/// <summary>
/// A temporary folder where this build's packages are packed (<c>feed/</c>) and used as a user would: its own
/// <c>nuget.config</c> lists only that folder and the machine's global packages folder, so restores and
/// <c>dotnet tool install</c> work offline, and its own packages folder keeps packages that carry the
/// repository's version out of the machine's cache (the next build packs the same version with other bits).
/// </summary>
public sealed class PackageWorkspace : IAsyncLifetime
{
    private static readonly TimeSpan s_packLimit = TimeSpan.FromMinutes(3);

    // The tool's portable package (framework-dependent, JIT), the one every platform but linux-x64 installs: the shipped
    // linux-x64 package is the same program compiled ReadyToRun, which needs a build per runtime identifier (minutes),
    // so bench/startup/run packs, installs and runs that one.
    private static readonly string[] s_portableTool = ["-p:ToolPackageRuntimeIdentifiers=", "-p:RuntimeIdentifiers=", "-p:CreateRidSpecificToolPackages=false"];
    private string? _root;

    /// <summary>Gets the workspace folder.</summary>
    public string Root => _root ?? throw new InvalidOperationException("the workspace is not created yet");

    /// <summary>Gets the folder the packages are packed into.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>Gets the version the repository's packages carry.</summary>
    public static string Version => Metadata("PackageVersion");

    /// <summary>Gets the version of the <c>Microsoft.Extensions.*</c> packages the repository pins.</summary>
    public static string ExtensionsVersion => Metadata("ExtensionsVersion");

    private static string RepositoryRoot => Metadata("RepositoryRoot");

    public async Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("netwright-pack-").FullName;
        Directory.CreateDirectory(Feed);
        await File.WriteAllTextAsync(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{Feed}" />
                <add key="machine" value="{GlobalPackagesFolder()}" />
              </packageSources>
            </configuration>
            """);

        // The projects are built already (this test project references them), so packing only collects files.
        foreach (var project in new[] { "src/Netwright/Netwright.csproj", "src/Netwright.Testing/Netwright.Testing.csproj", "src/Netwright.Hosting/Netwright.Hosting.csproj", "src/Netwright.Cli/Netwright.Cli.csproj" })
        {
            var pack = await ToolRun.RunAsync("dotnet", ["pack", Path.Combine(RepositoryRoot, project), "-c", Metadata("BuildConfiguration"), "--no-build", "--no-restore", "-o", Feed, .. s_portableTool], this, s_packLimit);
            pack.EnsureSuccess();
        }
    }

    public Task DisposeAsync()
    {
        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Gets the folder a package was restored into, as this workspace's restores unpack it.</summary>
    public string RestoredPackage(string id) => Path.Combine(Root, "packages", id.ToLowerInvariant(), Version);

    /// <summary>Creates a subfolder of the workspace.</summary>
    public string CreateFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Describes a process that runs in the workspace, with its NuGet folders inside it.</summary>
    public ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
    {
        var start = DotnetProcesses.StartInfo(file, args, Root);
        start.Environment["NUGET_PACKAGES"] = Path.Combine(Root, "packages");
        start.Environment["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "http-cache");
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // The test host's own MSBuild settings must not leak into the builds it starts.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        return start;
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string Metadata(string key) =>
        typeof(PackageWorkspace).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"no {key} metadata");
}

/// <summary>The tests that share one packed feed (packing takes a few seconds, so it happens once).</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageWorkspace>
{
    public const string Name = "packed";
}
