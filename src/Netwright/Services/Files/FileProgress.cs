namespace Netwright.Services.Files;

/// <summary>How far one file's transfer has come, reported while it streams and once when it completes.</summary>
/// <param name="Name">The file's remote name.</param>
/// <param name="Transferred">Bytes the file now holds on the receiving side, counting a resumed prefix.</param>
/// <param name="Size">The file's size.</param>
/// <param name="Completed">Whether the file is verified and in place.</param>
public readonly record struct FileProgress(string Name, long Transferred, long Size, bool Completed);
