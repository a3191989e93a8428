using Netwright.Services.Files;
using Netwright.Services.Files.Internal;

namespace Netwright.Tests.Services.Files;

public sealed class DiskErrorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nw-diskerrors-").FullName;

    [Fact]
    public void AFileLockedByAnotherHandleIsReportedAsBusy()
    {
        var path = Path.Combine(_folder, ".k.bin.nwpart");
        using var holder = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        // What an earlier, aborted connection's upload leaves behind until it lets go of its temporary file.
        var error = Assert.ThrowsAny<IOException>(() => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read));

        var mapped = DiskErrors.ToTransferError(error, "k.bin");
        Assert.True(mapped.Code == FileErrorCode.Busy, $"{error.GetType().Name} HResult {error.HResult} ({error.Message}) was mapped to {mapped.Code}");
    }

    [Fact]
    public void AMissingFileIsNotMistakenForABusyOne()
    {
        var error = Assert.ThrowsAny<IOException>(() => File.OpenHandle(Path.Combine(_folder, "none"), FileMode.Open, FileAccess.Read, FileShare.Read));

        Assert.Equal(FileErrorCode.NoSuchFile, DiskErrors.ToTransferError(error, "none").Code);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
