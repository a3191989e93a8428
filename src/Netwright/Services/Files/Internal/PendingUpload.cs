using Microsoft.Win32.SafeHandles;

namespace Netwright.Services.Files.Internal;

/// <summary>One announced upload on the server: its paths, the bytes held so far, the running hash and its write lock.</summary>
internal sealed class PendingUpload : IDisposable
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required string FinalPath { get; init; }

    public required string PartialPath { get; init; }

    public required long Size { get; init; }

    public required FileHasher Hasher { get; set; }

    /// <summary>Gets or sets how many bytes the temporary file held when announced (what the sender may skip).</summary>
    public long Held { get; set; }

    public SafeFileHandle? Handle { get; set; }

    public bool DataReceived { get; set; }

    /// <summary>Gets or sets the error found while receiving the data; reported when the sender's <c>done</c> arrives.</summary>
    public FileTransferException? Failure { get; set; }

    public void Dispose()
    {
        Handle?.Dispose();
        Handle = null;
        Hasher.Dispose();
    }
}
