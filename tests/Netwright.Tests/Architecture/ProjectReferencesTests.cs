using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Netwright.Tests.Architecture;

/// <summary>
/// The layering above the library (docs/architecture.md, "Projects"): the library depends on abstractions only, and
/// Netwright.Hosting adds the host's abstractions and configuration binding, reaching the library through its public
/// root namespaces only.
/// </summary>
public sealed partial class ProjectReferencesTests
{
    [Fact]
    public void TheLibraryReferencesOnlyAbstractionsPackages()
    {
        var packages = PackageReferences("src/Netwright/Netwright.csproj");

        // System.IO.Hashing is part of the .NET libraries (the files service's XXH3), not an extension framework.
        Assert.All(packages, p => Assert.True(p.EndsWith(".Abstractions", StringComparison.Ordinal) || p == "System.IO.Hashing", $"the library references {p}"));
        Assert.Empty(ProjectReferences("src/Netwright/Netwright.csproj"));
    }

    [Fact]
    public void HostingReferencesTheLibraryAndTheHostsAbstractionsOnly()
    {
        var allowed = new[] { "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Options.ConfigurationExtensions", "Microsoft.Extensions.Configuration.Binder" };

        Assert.All(PackageReferences("src/Netwright.Hosting/Netwright.Hosting.csproj"), p => Assert.Contains(p, allowed));
        Assert.Equal(["Netwright.csproj"], ProjectReferences("src/Netwright.Hosting/Netwright.Hosting.csproj"));
    }

    [Fact]
    public void HostingUsesOnlyTheLibrarysPublicAreas()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Netwright.Hosting");
        var violations = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => UsingPattern().Matches(File.ReadAllText(path)).Select(m => (path, ns: m.Groups["ns"].Value)))
            .Where(u => u.ns.StartsWith("Netwright.", StringComparison.Ordinal) && !u.ns.StartsWith("Netwright.Hosting", StringComparison.Ordinal))
            .Where(u => u.ns.Split('.').Length > 2 && !(u.ns.StartsWith("Netwright.Services.", StringComparison.Ordinal) && !u.ns.Contains(".Internal", StringComparison.Ordinal)))
            .Select(u => $"{Path.GetFileName(u.path)}: using {u.ns}")
            .ToList();

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    // Build-time-only packages (PrivateAssets="all", such as the public API analyzers) never reach a consumer.
    private static List<string> PackageReferences(string project) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), project)).Descendants("PackageReference")
            .Where(e => !string.Equals((string?)e.Attribute("PrivateAssets"), "all", StringComparison.OrdinalIgnoreCase))
            .Select(e => (string)e.Attribute("Include")!).ToList();

    private static List<string> ProjectReferences(string project) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), project)).Descendants("ProjectReference").Select(e => Path.GetFileName((string)e.Attribute("Include")!.Value.Replace('\\', '/'))).ToList();

    [GeneratedRegex(@"^using (?<ns>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex UsingPattern();

    private static string RepositoryRoot()
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
