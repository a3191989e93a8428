namespace Netwright.Services.Files;

/// <summary>What a file server serves and allows. Defaults are the safe choice: no overwrite, no delete.</summary>
public sealed class FileServerOptions
{
    /// <summary>Gets or sets the folder served; every name is relative to it. Required.</summary>
    public string Root { get; set; } = "";

    /// <summary>Gets or sets the shared secret clients must present; null for none. Compared in constant time and never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Gets or sets the largest file accepted, in bytes. Default: no limit (<see cref="long.MaxValue"/>).</summary>
    public long MaxFileSize { get; set; } = long.MaxValue;

    /// <summary>Gets or sets whether an upload may replace an existing file. Default: false (<c>exists</c> error).</summary>
    public bool AllowOverwrite { get; set; }

    /// <summary>Gets or sets whether DELETE is allowed. Default: false (<c>not-allowed</c> error).</summary>
    public bool AllowDelete { get; set; }

    /// <summary>Gets or sets whether uploads and deletes are refused. Default: false.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets how long the server waits for the next bytes from a client before dropping it. Default: 30 s.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many uploads one client may announce before sending their data. Default: 64.</summary>
    public int MaxPendingUploads { get; set; } = 64;
}
