namespace Netwright.Services.Files;

/// <summary>One local file to send and the name it gets on the server.</summary>
/// <param name="LocalPath">The local file.</param>
/// <param name="RemoteName">The relative name on the server, with <c>/</c> between components.</param>
public sealed record FileUpload(string LocalPath, string RemoteName);
