namespace Netwright.Services.Files;

/// <summary>One file that was sent or fetched and verified.</summary>
/// <param name="Name">The remote name.</param>
/// <param name="LocalPath">The local file.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ResumedFrom">Bytes the receiver already held and kept (0 for a fresh transfer).</param>
/// <param name="Hash">The verified hash, lower-case hex, of <paramref name="Algorithm"/>.</param>
/// <param name="Algorithm">The hash algorithm.</param>
/// <param name="Elapsed">How long the file took, from request to verification.</param>
public sealed record FileTransferResult(string Name, string LocalPath, long Size, long ResumedFrom, string Hash, FileHashAlgorithm Algorithm, TimeSpan Elapsed);
