using System.Security.Cryptography;
using System.Text;

namespace Netwright.Services.Files.Internal;

/// <summary>What every connection of one file server shares: the root, the options, and which names are being written.</summary>
internal sealed class FileServerState
{
    private readonly HashSet<string> _writing = new(StringComparer.Ordinal);
    private readonly byte[]? _tokenHash;

    public FileServerState(FileServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Root, nameof(options.Root));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxFileSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingUploads, 1);
        Options = options;
        Root = new FileRoot(options.Root);
        if (!string.IsNullOrEmpty(options.Token))
        {
            _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));
        }
    }

    public FileServerOptions Options { get; }

    public FileRoot Root { get; }

    public bool RequiresToken => _tokenHash is not null;

    /// <summary>Checks a presented token. Both sides are hashed first so the compare takes the same time whatever the lengths.</summary>
    public bool TokenMatches(string? presented)
    {
        if (_tokenHash is null)
        {
            return true;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return CryptographicOperations.FixedTimeEquals(hash, _tokenHash);
    }

    /// <summary>Takes the write lock on <paramref name="path"/>; false when another upload holds it.</summary>
    public bool TryLock(string path)
    {
        lock (_writing)
        {
            return _writing.Add(path);
        }
    }

    public bool IsLocked(string path)
    {
        lock (_writing)
        {
            return _writing.Contains(path);
        }
    }

    public void Unlock(string path)
    {
        lock (_writing)
        {
            _writing.Remove(path);
        }
    }

    public string[] Features()
    {
        var features = new List<string> { FileOps.FeatureSha256, FileOps.FeatureXxh128, FileOps.FeatureResume, FileOps.FeatureKeepAlive };
        if (Options.ReadOnly)
        {
            features.Add(FileOps.FeatureReadOnly);
        }
        else
        {
            if (Options.AllowDelete)
            {
                features.Add(FileOps.FeatureDelete);
            }

            if (Options.AllowOverwrite)
            {
                features.Add(FileOps.FeatureOverwrite);
            }

            features.Add(FileOps.FeatureMkdir);
        }

        return [.. features];
    }
}
