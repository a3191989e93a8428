namespace Netwright.Services.Files;

/// <summary>Why a file operation failed, as the protocol's <c>error</c> message names it (docs/protocols/files.md).</summary>
public enum FileErrorCode
{
    /// <summary>A failure with no more specific code (<c>failed</c>).</summary>
    Failed,

    /// <summary>The name does not exist on the server (<c>no-such-file</c>).</summary>
    NoSuchFile,

    /// <summary>A file of that name exists and the server does not allow overwriting (<c>exists</c>).</summary>
    Exists,

    /// <summary>The server does not allow the operation: read-only, delete off, or a symlink (<c>not-allowed</c>).</summary>
    NotAllowed,

    /// <summary>The file is larger than the server's limit (<c>too-large</c>).</summary>
    TooLarge,

    /// <summary>The server's disk is full (<c>disk-full</c>).</summary>
    DiskFull,

    /// <summary>The name is not a safe relative path (<c>bad-name</c>).</summary>
    BadName,

    /// <summary>The shared-secret token is missing or wrong (<c>bad-token</c>).</summary>
    BadToken,

    /// <summary>Another upload of the same name is in progress (<c>busy</c>).</summary>
    Busy,

    /// <summary>The received bytes do not match the sender's hash (<c>bad-hash</c>).</summary>
    BadHash,

    /// <summary>The peer broke the protocol: a malformed message, more or fewer bytes than announced (<c>protocol</c>).</summary>
    Protocol,

    /// <summary>The peers share no protocol version (<c>version</c>).</summary>
    Version,
}
