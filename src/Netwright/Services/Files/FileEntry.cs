namespace Netwright.Services.Files;

/// <summary>One file or folder on the server, as LIST and STAT report it.</summary>
/// <param name="Name">The relative name, with <c>/</c> between components.</param>
/// <param name="IsDirectory">Whether it is a folder.</param>
/// <param name="Size">The size in bytes; 0 for a folder.</param>
/// <param name="Modified">The last write time (UTC).</param>
public sealed record FileEntry(string Name, bool IsDirectory, long Size, DateTimeOffset Modified);
