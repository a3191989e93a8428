namespace Netwright.Services.Files.Internal;

/// <summary>What a path names itself, a symlink not followed (<see cref="FileRoot.Probe"/>).</summary>
internal enum PathKind
{
    Missing,
    File,
    Folder,
    Link,
}
