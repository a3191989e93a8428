using System.Runtime.InteropServices;

namespace Netwright.Packaging.Tests;

/// <summary>
/// A .NET installation with only the base shared framework, as a runtime-only machine image has: the
/// <c>dotnet</c> host copied into a folder with this machine's <c>host/fxr</c> and <c>shared/Microsoft.NETCore.App</c>
/// linked in, and nothing else. The host looks for frameworks beside its own executable
/// (https://github.com/dotnet/runtime/blob/main/docs/design/features/host-probing.md), so a program that needed
/// ASP.NET Core's shared framework would fail to start from it.
/// </summary>
internal static class BaseRuntimeOnly
{
    /// <summary>Creates the installation in the workspace and returns the path of its <c>dotnet</c>.</summary>
    public static string CreateHost(PackageWorkspace workspace)
    {
        var source = Path.GetDirectoryName(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar)) is { } framework
            ? Path.GetFullPath(Path.Combine(framework, "..", ".."))
            : throw new InvalidOperationException("no runtime directory");
        var root = workspace.CreateFolder("base-runtime");
        var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        File.Copy(Path.Combine(source, Path.GetFileName(dotnet)), dotnet);
        Directory.CreateSymbolicLink(Path.Combine(root, "host"), Path.Combine(source, "host"));
        Directory.CreateDirectory(Path.Combine(root, "shared"));
        Directory.CreateSymbolicLink(Path.Combine(root, "shared", "Microsoft.NETCore.App"), Path.Combine(source, "shared", "Microsoft.NETCore.App"));
        Assert.False(Directory.Exists(Path.Combine(root, "shared", "Microsoft.AspNetCore.App")));
        return dotnet;
    }
}
