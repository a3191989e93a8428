namespace Netwright.Tests.Architecture;

public sealed class LayeringTests
{
    [Fact]
    public void EveryLibraryFileUsesOnlyTheNamespacesItsLayerAllows()
    {
        var files = LibraryFiles();
        var known = files.Select(f => NamespaceReferences.DeclaredNamespace(f.Text)).OfType<string>().ToHashSet();
        var violations = new List<string>();
        foreach (var (path, text) in files)
        {
            var declared = NamespaceReferences.DeclaredNamespace(text);
            if (declared is null)
            {
                violations.Add($"{path}: no file-scoped namespace");
                continue;
            }

            foreach (var (line, target) in NamespaceReferences.Find(text, declared, known))
            {
                if (Layers.Violation(declared, target) is { } why)
                {
                    violations.Add($"{path}:{line}: {why}");
                }
            }
        }

        Assert.True(files.Count > 50, $"found only {files.Count} library files; is the source root right?");
        Assert.True(violations.Count == 0, "dependencies against the layering:\n" + string.Join('\n', violations.Distinct()));
    }

    [Fact]
    public void EveryLibraryNamespaceHasALayer()
    {
        var areas = LibraryFiles()
            .Select(f => NamespaceReferences.DeclaredNamespace(f.Text))
            .OfType<string>()
            .Select(Layers.AreaOf)
            .OfType<string>()
            .Distinct();

        Assert.All(areas, area => Assert.True(Layers.Arrows.ContainsKey(area), $"Netwright.{area} has no layer in Layers.Arrows"));
    }

    [Theory]
    [InlineData("Netwright.Protocols", "using Netwright.Servers;\nnamespace Netwright.Protocols;", "Netwright.Servers")]
    [InlineData("Netwright.Clients", "namespace Netwright.Clients;\nclass C { object S => Transport.Internal.SocketErrors.X; }", "Netwright.Transport.Internal")]
    [InlineData("Netwright.Servers", "namespace Netwright.Servers;\nclass C { object S => Netwright.Transport.Epoll.LibC.X; }", "Netwright.Transport.Epoll")]
    [InlineData("Netwright.Naming", "namespace Netwright.Naming;\nclass C { object S => Transport.TransportKind.Tcp; }", "Netwright.Transport")]
    [InlineData("Netwright.Transport", "using Netwright.Servers.Internal;\nnamespace Netwright.Transport;", "Netwright.Servers.Internal")]
    public void AWrongArrowIsReported(string declared, string source, string target)
    {
        var references = NamespaceReferences.Find(source, declared, KnownForSelfTest).Select(r => r.Target).ToList();

        Assert.Contains(target, references);
        Assert.NotNull(Layers.Violation(declared, target));
    }

    [Theory]
    [InlineData("Netwright.Servers", "namespace Netwright.Servers;\nclass C { object S => options.Transport.Engine; // Netwright.Protocols.Protocol\n string T = \"Netwright.Protocols\"; }")]
    [InlineData("Netwright.Transport.Epoll", "namespace Netwright.Transport.Epoll;\nclass C { object S => Internal.SocketErrors.X; object E => Errors.NetwrightException.X; }")]
    [InlineData("Netwright.Servers", "using Netwright.Applications;\nusing Netwright.Transport;\nnamespace Netwright.Servers;")]
    public void AnAllowedArrowMemberAccessCommentOrStringIsNotReported(string declared, string source)
    {
        var violations = NamespaceReferences.Find(source, declared, KnownForSelfTest)
            .Select(r => Layers.Violation(declared, r.Target))
            .OfType<string>();

        Assert.Empty(violations);
    }

    private static readonly HashSet<string> KnownForSelfTest =
    [
        "Netwright.Applications", "Netwright.Clients", "Netwright.Errors", "Netwright.Naming", "Netwright.Protocols",
        "Netwright.Protocols.Internal", "Netwright.Servers", "Netwright.Servers.Internal", "Netwright.Transport",
        "Netwright.Transport.Epoll", "Netwright.Transport.Internal",
    ];

    /// <summary>Reads the library's own files and the linked Linux interop it compiles too (src/Shared/Linux).</summary>
    private static List<(string Path, string Text)> LibraryFiles()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var root = Path.Combine(src, "Netwright");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)))
            .Concat(Directory.EnumerateFiles(Path.Combine(src, "Shared", "Linux"), "*.cs"))
            .Select(path => (Path.GetRelativePath(root, path), File.ReadAllText(path)))
            .ToList();
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

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
